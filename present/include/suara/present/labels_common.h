// Catalogue section: words more than one part shows (kiosk, dashboard, reports).
// X(key, Bahasa Indonesia, English); see catalogue.h.
#pragma once

#define SUARA_LABELS_COMMON(X)                                                                               \
    X(Back, "Kembali", "Back")                                                                               \
    X(OtherLanguage, "English", "Bahasa Indonesia") /* the language toggle names the other one */            \
    X(Overall, "Keseluruhan", "Overall")                                                                     \
    X(None, "Tidak ada", "None")                                                                             \
    X(Item, "Butir", "Item")                                                                                 \
    X(Dimension, "Dimensi", "Dimension")                                                                     \
    X(Category, "Kategori", "Category")                                                                      \
    X(Quadrant, "Kuadran", "Quadrant")                                                                       \
    X(Mean, "Rata-rata", "Mean")                                                                             \
    X(CountColumn, "Jumlah", "Count")                                                                        \
    X(Grade, "Mutu", "Grade")                                                                                \
    X(Ikm, "IKM", "IKM")                                                                                     \
    X(ExpectationE, "Harapan (E)", "Expectation (E)")                                                        \
    X(PerceptionP, "Persepsi (P)", "Perception (P)")                                                         \
    X(RespondentProfile, "Profil responden", "Respondent profile")                                           \
    X(IpaDiagram, "Diagram Kartesius IPA", "IPA Cartesian diagram")                                          \
    X(PriorityQuadrantI, "Prioritas utama (kuadran I)", "Top priority (quadrant I)")                         \
    /* the IPA diagram's axes */                                                                             \
    X(IpaAxisX, "Kinerja / persepsi rata-rata (X)", "Performance / mean perception (X)")                     \
    X(IpaAxisY, "Kepentingan / harapan rata-rata (Y)", "Importance / mean expectation (Y)")                  \
    /* removing one stored comment after the fact, on the kiosk and on the dashboard */                      \
    X(RedactComment, "Hapus data pribadi", "Remove personal data")                                           \
    X(RedactCommentConfirm, "Hapus saran ini untuk selamanya?", "Remove this comment for good?")             \
    X(RedactCommentYes, "Ya, hapus", "Yes, remove")                                                          \
    /* the 95 % intervals beside estimates (dashboard, report, exports) */                                   \
    X(CiLower, "batas bawah 95 %", "95 % CI lower")                                                          \
    X(CiUpper, "batas atas 95 %", "95 % CI upper")                                                           \
    X(CiNote, "Dalam kurung: selang kepercayaan 95 %.", "In brackets: the 95 % confidence interval.")        \
    X(ChartGapCi, "Gap per dimensi dengan selang kepercayaan 95 %", "Gap per dimension with 95 % intervals")
