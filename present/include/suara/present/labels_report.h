// Catalogue section: the printable HTML report (`suara report --format html`, the dashboard's
// print view): headings, column names and the notes that explain each table.
// X(key, Bahasa Indonesia, English); "{0}" marks where present::fill puts an argument.
#pragma once

#define SUARA_LABELS_REPORT(X)                                                                               \
    /* page and table of contents */                                                                         \
    X(RepScale, "skala 1–{0}", "scale 1–{0}")                                                                \
    X(RepData, "data: {0}", "data: {0}")                                                                     \
    X(RepGenerated, "dibuat {0}", "generated {0}")                                                           \
    X(RepSummary, "Ringkasan", "Summary")                                                                    \
    X(RepFrequenciesShort, "Distribusi jawaban", "Answer frequencies")                                       \
    X(RepServqualShort, "Tabel SERVQUAL", "SERVQUAL table")                                                  \
    X(RepInterpretation, "Interpretasi skor dan persentase", "Score and percentage interpretation")          \
    X(RepTkiShort, "Tingkat kesesuaian", "Conformity level (Tki)")                                           \
    X(RepValidity, "Uji validitas", "Validity")                                                              \
    X(RepReliabilityShort, "Uji reliabilitas", "Reliability")                                                \
    /* summary cards */                                                                                      \
    X(RepRespondents, "Responden", "Respondents")                                                            \
    X(RepGapCard, "Gap SERVQUAL (P − E)", "SERVQUAL gap (P − E)")                                            \
    X(RepGapCardNote, "rata-rata 5 dimensi; rata-rata butir {0}",                                            \
      "mean of the dimensions; mean of items {0}")                                                           \
    X(RepTki, "Tingkat kesesuaian (Tki)", "Conformity level (Tki)")                                          \
    X(RepPerceptionScore, "Skor persepsi", "Perception score")                                               \
    X(RepFixFirst, "Prioritas perbaikan (IPA kuadran I)", "Fix first (IPA quadrant I)")                      \
    X(RepItemNumbers, "nomor butir", "item numbers")                                                         \
    X(RepGradeOf, "Mutu {0}", "Grade {0}")                                                                   \
    X(RepGrade2004, "Mutu menurut KEPMENPAN 25/2004", "Grade under KEPMENPAN 25/2004")                       \
    X(RepPerceptionAlpha, "Reliabilitas persepsi (α)", "Perception reliability (α)")                         \
    /* respondent profile */                                                                                 \
    X(RepNoProfile, "Data tidak memuat kolom profil.", "The data has no profile columns.")                   \
    X(RepAnswered, "Menjawab", "Answered")                                                                   \
    X(RepNotAnswered, "Tidak menjawab", "Not answered")                                                      \
    X(RepProfileNote, "Persentase dihitung dari responden yang menjawab pertanyaan tersebut.",               \
      "Percentages are of the respondents who answered that question.")                                      \
    /* frequencies */                                                                                        \
    X(RepFrequencies, "Distribusi jawaban per butir", "Answer frequencies per item")                         \
    X(RepExpectationImportance, "Harapan / kepentingan (E)", "Expectation / importance (E)")                 \
    X(RepPerceptionSatisfaction, "Persepsi / kepuasan (P)", "Perception / satisfaction (P)")                 \
    X(RepFrequencyNote, "Jumlah jawaban per skor; persentase dari jawaban yang terisi pada butir itu.",      \
      "Count of answers per score; percentages are of the answers given to that item.")                      \
    /* SERVQUAL */                                                                                           \
    X(RepServqual, "Tabel SERVQUAL: harapan, persepsi dan gap",                                              \
      "SERVQUAL table: expectation, perception and gap")                                                     \
    X(RepGap, "Gap (P − E)", "Gap (P − E)")                                                                  \
    X(RepPairs, "Pasangan lengkap", "Complete pairs")                                                        \
    X(RepDimensionMean, "Rata-rata dimensi {0}", "Dimension mean: {0}")                                      \
    X(RepOverallGap, "Gap keseluruhan (rata-rata 5 dimensi)", "Overall gap (mean of the dimensions)")        \
    X(RepGapItems, "Rata-rata gap butir (gap_items)", "Mean of the item gaps (gap_items)")                   \
    X(RepServqualNote,                                                                                       \
      "Gap butir = rata-rata (P − E) atas responden yang mengisi keduanya. Gap dimensi = rata-rata "       \
      "gap butirnya; gap keseluruhan = rata-rata gap dimensi (Parasuraman dkk.). Gap negatif berarti "       \
      "layanan di bawah harapan.",                                                                           \
      "Item gap = mean of (P − E) over respondents who answered both. Dimension gap = mean of its "        \
      "item gaps; overall gap = mean of the dimension gaps (Parasuraman et al.). A negative gap means "      \
      "the service falls short of expectations.")                                                            \
    /* interpretation (Tabel 3.6 / 3.7) */                                                                   \
    X(RepScoreCriteria, "Kriteria skor (Tabel 3.6)", "Score criteria (Tabel 3.6)")                           \
    X(RepScoreInterval, "Interval skor", "Score interval")                                                   \
    X(RepPercentCriteria, "Kriteria persentase (Tabel 3.7)", "Percentage criteria (Tabel 3.7)")              \
    X(RepPercentInterval, "Interval persentase", "Percentage interval")                                      \
    X(RepScoreCategory, "Kategori skor", "Score category")                                                   \
    X(RepPercentage, "Persentase", "Percentage")                                                             \
    X(RepPercentCategory, "Kategori persentase", "Percentage category")                                      \
    X(RepPercentNote, "Persentase = skor / {0} × 100 (rumus 3.8).",                                          \
      "Percentage = score / {0} × 100 (formula 3.8).")                                                       \
    /* Tki */                                                                                                \
    X(RepTkiNote,                                                                                            \
      "Tki = jumlah skor persepsi / jumlah skor harapan × 100% (Supranto). Di bawah 100% berarti "          \
      "kinerja belum memenuhi harapan.",                                                                     \
      "Tki = sum of perception scores / sum of expectation scores × 100% (Supranto). Below 100% "           \
      "means performance has not met expectations.")                                                         \
    /* IPA */                                                                                                \
    X(RepIpa, "Importance-Performance Analysis (IPA)", "Importance-Performance Analysis (IPA)")              \
    X(RepIpaEmpty, "Diagram IPA tidak dapat digambar: belum ada jawaban.",                                   \
      "No IPA diagram: there are no answers yet.")                                                           \
    X(RepIpaCaption, "Garis potong: X = {0}, Y = {1} ({2}; titik tepat pada garis dihitung tinggi).",        \
      "Cut lines: X = {0}, Y = {1} ({2}; a point exactly on a line counts as high).")                        \
    X(RepCutGrandMean, "rata-rata dari rata-rata butir", "mean of the item means")                           \
    X(RepCutMidpoint, "titik tengah skala", "scale midpoint")                                                \
    X(RepAdviceI, "tingkat kepentingan tinggi, kinerja rendah: perbaiki lebih dulu",                         \
      "high importance, low performance: fix first")                                                         \
    X(RepAdviceII, "kepentingan tinggi, kinerja tinggi: pertahankan",                                        \
      "high importance, high performance: keep it up")                                                       \
    X(RepAdviceIII, "kepentingan rendah, kinerja rendah: prioritas rendah",                                  \
      "low importance, low performance: low priority")                                                       \
    X(RepAdviceIV, "kepentingan rendah, kinerja tinggi: mungkin berlebihan",                                 \
      "low importance, high performance: possibly overdone")                                                 \
    /* CSI */                                                                                                \
    X(RepCsiTitle, "Customer Satisfaction Index (CSI)", "Customer Satisfaction Index (CSI)")                 \
    X(RepTotal, "Jumlah", "Total")                                                                           \
    X(RepMis, "MIS (rata-rata E)", "MIS (mean E)")                                                           \
    X(RepWf, "WF (%)", "WF (%)")                                                                             \
    X(RepMss, "MSS (rata-rata P)", "MSS (mean P)")                                                           \
    X(RepCsiBands, "Kriteria CSI: {0}.", "CSI bands: {0}.")                                                  \
    /* IKM */                                                                                                \
    X(RepIkm, "Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)")                      \
    X(RepServiceElement, "Unsur pelayanan", "Service element")                                               \
    X(RepWeightedNrr, "NRR tertimbang", "Weighted NRR")                                                      \
    X(RepIkmFormula, "IKM = rata-rata NRR × 25", "IKM = mean NRR × 25")                                      \
    X(RepConvertedInterval, "Nilai interval konversi", "Converted interval")                                 \
    X(RepPerformance, "Kinerja", "Performance")                                                              \
    X(RepIkmNote,                                                                                            \
      "NRR = nilai rata-rata unsur. Bobot tiap unsur 1/{0} tidak dibulatkan; IKM = rata-rata NRR × 25. "    \
      "Baris yang disorot adalah mutu hasil survei ini.",                                                    \
      "NRR = mean score of an element. The weight 1/{0} is not rounded; IKM = mean NRR × 25. The "          \
      "highlighted rows are this survey's grade.")                                                           \
    /* validity */                                                                                           \
    X(RepValidityN,                                                                                          \
      "n = {0} (jawaban lengkap), df = {1}, r kritis = {2} (t kritis = {3}, dua arah, α = {4})",             \
      "n = {0} (complete responses), df = {1}, r critical = {2} (t critical = {3}, two-tailed, α = {4})")    \
    X(RepRItemTotal, "r butir-total", "r item-total")                                                        \
    X(RepRCorrected, "r terkoreksi", "r corrected")                                                          \
    X(RepTCorrected, "t (r terkoreksi)", "t (r corrected)")                                                  \
    X(RepValidQuestion, "Valid?", "Valid?")                                                                  \
    X(RepAlphaIfDeleted, "α jika butir dihapus", "α if item deleted")                                        \
    X(RepValid, "valid", "valid")                                                                            \
    X(RepNotValid, "tidak valid", "not valid")                                                               \
    X(RepValidityNote,                                                                                       \
      "Sebuah butir valid bila r terkoreksi (butir dikeluarkan dari total, r.drop pada SPSS/psych) "         \
      "melebihi r kritis.",                                                                                  \
      "An item is valid when its corrected r (the item left out of the total; r.drop in SPSS/psych) "        \
      "exceeds the critical r.")                                                                             \
    X(RepTIsNotR, "t bukan r:", "t is not r:")                                                               \
    X(RepTIsNotRNote,                                                                                        \
      "t = r√df / √(1 − r²) adalah statistik uji dari r yang sama. Tesis 004 membandingkan nilai t "  \
      "dengan 1,66 (t tabel satu arah) dan menyebutnya r; di sini keduanya dilaporkan terpisah, dan "        \
      "yang dibandingkan dengan r kritis adalah r. Untuk n = {0}, r kritis dua arah pada {1} adalah {2}.",   \
      "t = r√df / √(1 − r²) is the test statistic of the same r. The 004 thesis compares t values "   \
      "with 1.66 (a one-tailed t) and calls them r; here both are reported separately and r is what "        \
      "is compared with the critical r. For n = {0} the two-tailed critical r at {1} is {2}.")               \
    /* reliability */                                                                                        \
    X(RepReliability, "Uji reliabilitas (Cronbach's alpha)", "Reliability (Cronbach's alpha)")               \
    X(RepScale2, "Skala", "Scale")                                                                           \
    X(RepNComplete, "n (lengkap)", "n (complete)")                                                           \
    X(RepAlphaRaw, "α mentah", "α raw")                                                                      \
    X(RepAlphaStd, "α terstandar", "α standardized")                                                         \
    X(RepElementsQ, "Unsur (Q)", "Elements (Q)")                                                             \
    X(RepPerDimension, "Per dimensi", "Per dimension")                                                       \
    X(RepItems, "Butir", "Items")                                                                            \
    X(RepBand, "Kriteria", "Band")                                                                           \
    X(RepReliabilityNote,                                                                                    \
      "Alpha dihitung dari matriks kovarians (varians sampel, n − 1) atas responden yang menjawab "        \
      "semua butir skala itu. Kriteria: {0}.",                                                               \
      "Alpha is computed from the covariance matrix (sample variance, n − 1) over the respondents "        \
      "who answered every item of the scale. Bands: {0}.")
