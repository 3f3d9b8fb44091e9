// Respondent profile fields, their codes and labels.
#include "suara/analytics/profile.h"

#include <cassert>
#include <cctype>

namespace suara::analytics {

namespace {

const std::array<ProfileFieldInfo, 4>& table() {
    static const std::array<ProfileFieldInfo, 4> fields = {{
        {ProfileField::Gender,
         "gender",
         {"Jenis kelamin", "Gender"},
         {{"L", {"Laki-laki", "Male"}}, {"P", {"Perempuan", "Female"}}}},
        {ProfileField::AgeBand,
         "age_band",
         {"Umur", "Age"},
         {{"17-25", {"17-25 tahun", "17-25 years"}},
          {"26-35", {"26-35 tahun", "26-35 years"}},
          {"36-45", {"36-45 tahun", "36-45 years"}},
          {"46-55", {"46-55 tahun", "46-55 years"}},
          {"56+", {"56 tahun ke atas", "56 years or older"}}}},
        {ProfileField::Education,
         "education",
         {"Pendidikan terakhir", "Education"},
         {{"tidak_sekolah", {"Tidak sekolah", "No schooling"}},
          {"sd", {"SD / sederajat", "Primary school"}},
          {"smp", {"SMP / sederajat", "Junior high school"}},
          {"sma", {"SMA / SMK / sederajat", "Senior high school"}},
          {"diploma", {"Diploma (D1-D3)", "Diploma"}},
          {"sarjana", {"Sarjana (S1) ke atas", "Bachelor's degree or higher"}}}},
        {ProfileField::Occupation,
         "occupation",
         {"Pekerjaan", "Occupation"},
         {{"petani", {"Petani / nelayan", "Farmer / fisher"}},
          {"pedagang", {"Pedagang / wiraswasta", "Trader / self-employed"}},
          {"pns", {"PNS / TNI / Polri", "Civil servant / military / police"}},
          {"swasta", {"Karyawan swasta", "Private employee"}},
          {"buruh", {"Buruh / pekerja harian", "Labourer / day worker"}},
          {"pelajar", {"Pelajar / mahasiswa", "Student"}},
          {"irt", {"Ibu rumah tangga", "Homemaker"}},
          {"tidak_bekerja", {"Tidak bekerja", "Not working"}},
          {"lainnya", {"Lainnya", "Other"}}}},
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
