// The optional respondent profile: a few coded fields, never a name, NIK or phone number.
//
// The codes are the same everywhere (kiosk buttons, CSV columns, sync records, reports); the
// labels are the catalogue's (present/labels_measures.h), so every part shows the same words.
#pragma once

#include "suara/analytics/instrument.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::analytics {

enum class ProfileField { Gender, AgeBand, Education, Occupation };
inline constexpr std::array<ProfileField, 4> kProfileFields = {
    ProfileField::Gender, ProfileField::AgeBand, ProfileField::Education, ProfileField::Occupation};

struct ProfileOption {
    std::string code; // "L", "17-25", "sma", "petani"
    Text label;
};

struct ProfileFieldInfo {
    ProfileField field;
    std::string key; // "gender", "age_band", "education", "occupation" (CSV column and JSON key)
    Text label;
    std::vector<ProfileOption> options;
};

const ProfileFieldInfo& profileFieldInfo(ProfileField field);
std::optional<ProfileField> profileFieldByKey(std::string_view key);
// Index of `code` among the field's options, or -1. Codes are matched case-insensitively.
int profileOptionIndex(ProfileField field, std::string_view code);

// One respondent's answers; an empty string means "not answered".
struct Profile {
    std::array<std::string, 4> codes;
    std::string& operator[](ProfileField f) { return codes[static_cast<size_t>(f)]; }
    const std::string& operator[](ProfileField f) const { return codes[static_cast<size_t>(f)]; }
    bool operator==(const Profile&) const = default;
};

} // namespace suara::analytics
