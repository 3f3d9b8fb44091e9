// Respondent profile fields, their codes and labels.
#include "suara/analytics/profile.h"

#include "suara/present/catalogue.h"

#include <cassert>
#include <cctype>

namespace suara::analytics {

namespace {

using present::label;
using present::Label;

// Codes are the record's; the labels are the catalogue's (measures section).
const std::array<ProfileFieldInfo, 4>& table() {
    static const std::array<ProfileFieldInfo, 4> fields = {{
        {ProfileField::Gender,
         "gender",
         label(Label::ProfileGender),
         {{"L", label(Label::GenderL)}, {"P", label(Label::GenderP)}}},
        {ProfileField::AgeBand,
         "age_band",
         label(Label::ProfileAgeBand),
         {{"17-25", label(Label::Age17To25)},
          {"26-35", label(Label::Age26To35)},
          {"36-45", label(Label::Age36To45)},
          {"46-55", label(Label::Age46To55)},
          {"56+", label(Label::Age56Plus)}}},
        {ProfileField::Education,
         "education",
         label(Label::ProfileEducation),
         {{"tidak_sekolah", label(Label::EduNone)},
          {"sd", label(Label::EduSd)},
          {"smp", label(Label::EduSmp)},
          {"sma", label(Label::EduSma)},
          {"diploma", label(Label::EduDiploma)},
          {"sarjana", label(Label::EduSarjana)}}},
        {ProfileField::Occupation,
         "occupation",
         label(Label::ProfileOccupation),
         {{"petani", label(Label::JobPetani)},
          {"pedagang", label(Label::JobPedagang)},
          {"pns", label(Label::JobPns)},
          {"swasta", label(Label::JobSwasta)},
          {"buruh", label(Label::JobBuruh)},
          {"pelajar", label(Label::JobPelajar)},
          {"irt", label(Label::JobIrt)},
          {"tidak_bekerja", label(Label::JobTidakBekerja)},
          {"lainnya", label(Label::JobLainnya)}}},
    }};
    return fields;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

} // namespace

const ProfileFieldInfo& profileFieldInfo(ProfileField field) {
    auto i = static_cast<size_t>(field);
    assert(i < 4 && "unknown profile field");
    return table()[i];
}

std::optional<ProfileField> profileFieldByKey(std::string_view key) {
    for (const auto& f : table())
        if (equalsIgnoreCase(f.key, key)) return f.field;
    return std::nullopt;
}

int profileOptionIndex(ProfileField field, std::string_view code) {
    const auto& options = profileFieldInfo(field).options;
    for (size_t i = 0; i < options.size(); ++i)
        if (equalsIgnoreCase(options[i].code, code)) return static_cast<int>(i);
    return -1;
}

} // namespace suara::analytics
