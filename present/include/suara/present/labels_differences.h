// Catalogue section: differences that are real (the overview's marks against the rest of the
// region, the office page's change from the previous period, their legends; docs/dashboard.md).
// X(key, Bahasa Indonesia, English); see catalogue.h.
#pragma once

#define SUARA_LABELS_DIFFERENCES(X)                                                                          \
    X(DiffAbove, "Di atas wilayah lainnya", "Above the rest of the region")                                  \
    X(DiffBelow, "Di bawah wilayah lainnya", "Below the rest of the region")                                 \
    X(DiffTooFew, "respons terlalu sedikit untuk menyimpulkan", "too few responses to say")                  \
    X(DiffAdjustedP, "p (Holm) {0}", "p (Holm) {0}")                                                         \
    X(DiffNotReal, "Tidak berbeda nyata; p (Holm) {0}", "No real difference; p (Holm) {0}")                  \
    X(DiffLegendMarks,                                                                                       \
      "▲ / ▼: lebih tinggi / lebih rendah daripada gabungan kantor lainnya melebihi kebetulan "          \
      "(gap dan IKM: uji t Welch; Tki dan CSI: metode delta; koreksi Holm antarkantor, p < {0}).",           \
      "▲ / ▼: higher / lower than all other offices together, beyond chance "                            \
      "(gap and IKM: Welch's t-test; Tki and CSI: delta method; Holm correction across offices, p < {0}).")  \
    X(DiffLegendTooFew, "Kurang dari {0} respons di kantor atau di sisa wilayah: {1}.",                      \
      "Fewer than {0} responses in the office or in the rest of the region: {1}.")                           \
    X(DiffLegendTooFewPeriod, "Kurang dari {0} respons pada salah satu periode: {1}.",                       \
      "Fewer than {0} responses in either period: {1}.")                                                     \
    X(DiffLegendRank, "Peringkat sama (mis. 2=) berarti nilai yang ditampilkan sama.",                       \
      "An equal rank (e.g. 2=) means the values shown are equal.")                                           \
    X(DiffRank, "Peringkat {0}", "Rank {0}")                                                                 \
    X(DiffChangeTitle, "Perubahan dari periode sebelumnya", "Change from the previous period")               \
    X(DiffGapPrevious, "Gap periode sebelumnya", "Gap, previous period")                                     \
    X(DiffGapCurrent, "Gap periode ini", "Gap, this period")                                                 \
    X(DiffChange, "Perubahan", "Change")                                                                     \
    X(DiffInterval95, "Interval 95 %", "95 % interval")                                                      \
    X(DiffPHolm, "p (Holm)", "p (Holm)")                                                                     \
    X(DiffRise, "Naik nyata", "Real rise")                                                                   \
    X(DiffFall, "Turun nyata", "Real fall")                                                                  \
    X(DiffLegendChange,                                                                                      \
      "Periode sebelumnya: {0} - {1}. ▲ / ▼: perubahan gap melebihi kebetulan "                          \
      "(uji t Welch, koreksi Holm atas {2} dimensi, p < {3}).",                                              \
      "Previous period: {0} - {1}. ▲ / ▼: a change in gap beyond chance "                                \
      "(Welch's t-test, Holm correction across the {2} dimensions, p < {3}).")
