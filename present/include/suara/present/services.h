// The services a Disdukcapil counter offers, by the code that is stored in every response's
// `service` field (kiosk config `services`, the dashboard's service filter, the reports).
//
// For: turning a service code into the name people read (the kiosk's service screen) and checking
// that a configured code is one Suara knows. Not for: the icons (the kiosk draws them) nor which
// services an office offers (its kiosk config).
#pragma once

#include "suara/present/catalogue.h"

#include <string_view>

namespace suara::present {

struct ServiceInfo {
    std::string_view code; // stored in the response, e.g. "ektp-recording"
    Label name;            // "Perekaman E-KTP" / "E-KTP recording"
};

inline constexpr ServiceInfo kServices[] = {
    {"ektp-recording", Label::ServiceEktp},      {"kk", Label::ServiceKk},
    {"akta-kelahiran", Label::ServiceAktaLahir}, {"akta-kematian", Label::ServiceAktaMati},
    {"pindah-datang", Label::ServicePindah},     {"kia", Label::ServiceKia},
};

// The entry for `code`; nullptr for a code Suara does not know.
constexpr const ServiceInfo* findService(std::string_view code) {
    for (const ServiceInfo& s : kServices)
        if (s.code == code) return &s;
    return nullptr;
}

} // namespace suara::present
