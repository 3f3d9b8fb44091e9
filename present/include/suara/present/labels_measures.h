// Catalogue section: the names of what the measures produce (categories, bands, grades,
// quadrants) and of the respondent profile, shared by the kiosk, the dashboard and the reports.
// X(key, Bahasa Indonesia, English); see catalogue.h.
#pragma once

#define SUARA_LABELS_MEASURES(X)                                                                             \
    /* Tabel 3.6 / 3.7 satisfaction categories (analytics Category) */                                       \
    X(CatSangatTidakPuas, "Sangat Tidak Puas", "Very dissatisfied")                                          \
    X(CatTidakPuas, "Tidak Puas", "Dissatisfied")                                                            \
    X(CatCukupPuas, "Cukup Puas", "Fairly satisfied")                                                        \
    X(CatPuas, "Puas", "Satisfied")                                                                          \
    X(CatSangatPuas, "Sangat Puas", "Very satisfied")                                                        \
    /* CSI bands (analytics CsiBand); Cukup/Puas/Sangat share the category words */                          \
    X(CsiTidakPuas, "Tidak Puas", "Not satisfied")                                                           \
    X(CsiKurangPuas, "Kurang Puas", "Less than satisfied")                                                   \
    /* Cronbach's alpha bands */                                                                             \
    X(AlphaPoor, "Kurang baik", "Poor")                                                                      \
    X(AlphaAcceptable, "Dapat diterima", "Acceptable")                                                       \
    X(AlphaGood, "Baik", "Good")                                                                             \
    /* IKM grades */                                                                                         \
    X(GradeA, "Sangat Baik", "Very good")                                                                    \
    X(GradeB, "Baik", "Good")                                                                                \
    X(GradeC, "Kurang Baik", "Poor")                                                                         \
    X(GradeD, "Tidak Baik", "Very poor")                                                                     \
    /* IPA quadrants */                                                                                      \
    X(QuadI, "Prioritas utama", "Top priority")                                                              \
    X(QuadII, "Pertahankan prestasi", "Keep up the good work")                                               \
    X(QuadIII, "Prioritas rendah", "Low priority")                                                           \
    X(QuadIV, "Berlebihan", "Possible overkill")                                                             \
    /* Respondent profile: the fields and their options (codes in analytics/profile.cpp) */                  \
    X(ProfileGender, "Jenis kelamin", "Gender")                                                              \
    X(GenderL, "Laki-laki", "Male")                                                                          \
    X(GenderP, "Perempuan", "Female")                                                                        \
    X(ProfileAgeBand, "Umur", "Age")                                                                         \
    X(Age17To25, "17-25 tahun", "17-25 years")                                                               \
    X(Age26To35, "26-35 tahun", "26-35 years")                                                               \
    X(Age36To45, "36-45 tahun", "36-45 years")                                                               \
    X(Age46To55, "46-55 tahun", "46-55 years")                                                               \
    X(Age56Plus, "56 tahun ke atas", "56 years or older")                                                    \
    X(ProfileEducation, "Pendidikan terakhir", "Education")                                                  \
    X(EduNone, "Tidak sekolah", "No schooling")                                                              \
    X(EduSd, "SD / sederajat", "Primary school")                                                             \
    X(EduSmp, "SMP / sederajat", "Junior high school")                                                       \
    X(EduSma, "SMA / SMK / sederajat", "Senior high school")                                                 \
    X(EduDiploma, "Diploma (D1-D3)", "Diploma")                                                              \
    X(EduSarjana, "Sarjana (S1) ke atas", "Bachelor's degree or higher")                                     \
    X(ProfileOccupation, "Pekerjaan", "Occupation")                                                          \
    X(JobPetani, "Petani / nelayan", "Farmer / fisher")                                                      \
    X(JobPedagang, "Pedagang / wiraswasta", "Trader / self-employed")                                        \
    X(JobPns, "PNS / TNI / Polri", "Civil servant / military / police")                                      \
    X(JobSwasta, "Karyawan swasta", "Private employee")                                                      \
    X(JobBuruh, "Buruh / pekerja harian", "Labourer / day worker")                                           \
    X(JobPelajar, "Pelajar / mahasiswa", "Student")                                                          \
    X(JobIrt, "Ibu rumah tangga", "Homemaker")                                                               \
    X(JobTidakBekerja, "Tidak bekerja", "Not working")                                                       \
    X(JobLainnya, "Lainnya", "Other")
