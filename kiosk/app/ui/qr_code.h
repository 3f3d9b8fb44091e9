// QR codes for the office's complaint channel (config `complaint_url`), via libqrencode.
//
// The Kupang study found citizens had no channel for complaints; the comment screen shows a QR
// code they can scan with their phone to reach the official one. Encoding is a pure function
// (tested without ImGui); drawing paints dark modules as rectangles on a white square with the
// 4-module quiet zone scanners need. Not for: anything but short URLs.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <imgui.h>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

struct QrMatrix {
    int size = 0;                 // modules per side (without the quiet zone)
    std::vector<uint8_t> modules; // size*size, row-major, 1 = dark
    bool dark(int x, int y) const { return modules[static_cast<size_t>(y * size + x)] != 0; }
};

inline constexpr int kQrQuietZone = 4;

// Encodes `text` (8-bit mode, error correction level M).
Result<QrMatrix> encodeQr(std::string_view text);

// Draws the code into the square of side `side` at `topLeft`, quiet zone included. Module edges are
// snapped to whole pixels so phone cameras see crisp edges.
void drawQr(ImDrawList* dl, const QrMatrix& qr, const ImVec2& topLeft, float side);

} // namespace suara::kiosk
