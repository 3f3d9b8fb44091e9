// Strings: every word the kiosk shows that does not come from an instrument file or the analytics
// labels (profile options, categories, quadrants), in Bahasa Indonesia (default) and English.
//
// One table, compiled in, so a missing translation is a compile error rather than a blank button.
// Texts are short and plain: many citizens read poorly, so a screen says one thing at a time.
#pragma once

#include "suara/analytics/instrument.h"

#include <string>

namespace suara::kiosk {

// X(key, Bahasa Indonesia, English)
#define SUARA_KIOSK_STRINGS(X)                                                                               \
    X(AttractQuestion, "Bagaimana pelayanan kami hari ini?", "How was our service today?")                   \
    X(TouchToStart, "Sentuh layar untuk memberi penilaian", "Touch the screen to rate our service")          \
    X(AnonymousNote, "Tanpa nama. Kami tidak menanyakan nama, NIK, atau nomor telepon Anda.",                \
      "Anonymous. We never ask for your name, NIK or phone number.")                                         \
    X(TakesMinutes, "Sekitar 3 menit", "About 3 minutes")                                                    \
    X(LanguageButton, "English", "Bahasa Indonesia")                                                         \
    X(PleaseWait, "Mohon tunggu sebentar", "Please wait a moment")                                           \
    X(WaitForOfficer, "Silakan tunggu petugas", "Please wait for the officer")                               \
    X(WaitForOfficerNote, "Petugas akan menyalakan layar ini setelah perekaman E-KTP Anda selesai.",         \
      "The officer will switch this screen on after your E-KTP recording.")                                  \
    X(ProfileTitle, "Tentang Anda", "About you")                                                             \
    X(ProfileNote, "Boleh dilewati. Sentuh pilihan Anda, lalu Lanjut.",                                      \
      "Optional. Touch your answers, then Next.")                                                            \
    X(Skip, "Lewati", "Skip")                                                                                \
    X(Next, "Lanjut", "Next")                                                                                \
    X(Back, "Kembali", "Back")                                                                               \
    X(Cancel, "Batal", "Cancel")                                                                             \
    X(Question, "Pertanyaan", "Question")                                                                    \
    X(AnswerBothFirst, "Jawab kedua pertanyaan untuk lanjut", "Answer both questions to continue")           \
    X(AnswerFirst, "Pilih satu jawaban untuk lanjut", "Choose an answer to continue")                        \
    X(CommentTitle, "Ada saran atau keluhan?", "Any suggestion or complaint?")                               \
    X(CommentNote, "Boleh dilewati. Jangan tulis nama, NIK, atau nomor telepon.",                            \
      "Optional. Please do not write names, NIK or phone numbers.")                                          \
    X(CommentPlaceholder, "Ketik di sini...", "Type here...")                                                \
    X(KeySpace, "Spasi", "Space")                                                                            \
    X(KeyDelete, "Hapus", "Delete")                                                                          \
    X(KeyDone, "Selesai", "Done")                                                                            \
    X(KeyUpper, "ABC", "ABC")                                                                                \
    X(KeyLower, "abc", "abc")                                                                                \
    X(Submit, "Kirim penilaian", "Send my answers")                                                          \
    X(QrCaption, "Pindai untuk pengaduan resmi", "Scan to file an official complaint")                       \
    X(Saving, "Menyimpan...", "Saving...")                                                                   \
    X(ThankYou, "Terima kasih", "Thank you")                                                                 \
    X(ThanksSaved, "Penilaian Anda sudah tersimpan.", "Your answers have been saved.")                       \
    X(ThanksCountdown, "Kembali ke awal dalam %d detik", "Back to the start in %d seconds")                  \
    X(Finish, "Selesai", "Finish")                                                                           \
    X(StillThere, "Masih di sana?", "Are you still there?")                                                  \
    X(Continue, "Lanjutkan", "Continue")                                                                     \
    X(StillThereCountdown, "Jawaban akan dihapus dalam %d detik",                                            \
      "Your answers will be cleared in %d seconds")                                                          \
    X(SorryTitle, "Mohon maaf", "We are sorry")                                                              \
    X(SorryText, "Penilaian Anda belum dapat disimpan karena gangguan teknis. Mohon beri tahu petugas.",     \
      "Your answers could not be saved because of a technical problem. Please tell the officer.")            \
    X(TryAgain, "Coba lagi", "Try again")                                                                    \
    X(BackToStart, "Kembali ke awal", "Back to the start")                                                   \
    X(PinTitle, "PIN petugas", "Supervisor PIN")                                                             \
    X(PinWrong, "PIN salah", "Wrong PIN")                                                                    \
    X(PinLocked, "Terlalu banyak percobaan. Coba lagi dalam %d detik.",                                      \
      "Too many attempts. Try again in %d seconds.")                                                         \
    X(PinNotSet, "PIN belum diatur. Jalankan: suara-kiosk --config FILE set-pin",                            \
      "No PIN set. Run: suara-kiosk --config FILE set-pin")                                                  \
    X(PinChecking, "Memeriksa...", "Checking...")                                                            \
    X(PinOk, "OK", "OK")                                                                                     \
    X(PinClear, "Hapus", "Clear")                                                                            \
    X(SupTitle, "Ringkasan harian", "Daily summary")                                                         \
    X(SupToday, "Hari ini", "Today")                                                                         \
    X(SupDays7, "7 hari", "7 days")                                                                          \
    X(SupDays30, "30 hari", "30 days")                                                                       \
    X(SupPrevDay, "Hari sebelumnya", "Previous day")                                                         \
    X(SupNextDay, "Hari berikutnya", "Next day")                                                             \
    X(SupResponses, "Responden", "Responses")                                                                \
    X(SupCompletion, "Selesai mengisi", "Completion")                                                        \
    X(SupFlagged, "Ditandai", "Flagged")                                                                     \
    X(SupPerHour, "Responden per jam", "Responses per hour")                                                 \
    X(SupDimensions, "Harapan dan kenyataan per dimensi", "Expectation and perception per dimension")        \
    X(SupExpectation, "Harapan", "Expectation")                                                              \
    X(SupPerception, "Kenyataan", "Perception")                                                              \
    X(SupOverall, "Keseluruhan", "Overall")                                                                  \
    X(SupIpa, "Analisis IPA", "IPA")                                                                         \
    X(SupPriority, "Prioritas utama (kuadran I)", "Top priority (quadrant I)")                               \
    X(SupWorstGaps, "5 kesenjangan terbesar", "5 largest gaps")                                              \
    X(SupComments, "Saran terbaru", "Recent comments")                                                       \
    X(SupNoComments, "Belum ada saran.", "No comments yet.")                                                 \
    X(SupSync, "Sinkronisasi", "Sync")                                                                       \
    X(SupSyncOff, "Tidak dikonfigurasi", "Not configured")                                                   \
    X(SupSyncCounts, "%lld terkirim, %lld menunggu, %lld konflik, %lld ditolak",                             \
      "%lld synced, %lld pending, %lld conflicts, %lld rejected")                                            \
    X(SupSyncLastOk, "terakhir berhasil %s", "last success %s")                                              \
    X(SupSyncNever, "belum pernah berhasil", "no success yet")                                               \
    X(SupStoreError, "Galat penyimpanan", "Storage error")                                                   \
    X(SupNoData, "Belum ada data untuk periode ini.", "No data for this period yet.")                        \
    X(SupLoading, "Memuat...", "Loading...")                                                                 \
    X(SupTabOverview, "Ringkasan", "Overview")                                                               \
    X(SupTabDimensions, "Dimensi", "Dimensions")                                                             \
    X(SupTabIpa, "IPA & kesenjangan", "IPA & gaps")                                                          \
    X(SupTabComments, "Saran", "Comments")                                                                   \
    X(SupAbandoned, "Tidak selesai", "Abandoned")                                                            \
    X(SupGap, "Kesenjangan", "Gap")                                                                          \
    X(SupItem, "Butir", "Item")                                                                              \
    X(SupNone, "Tidak ada", "None")                                                                          \
    X(SupIkm, "IKM", "IKM")                                                                                  \
    X(SupExport, "Ekspor CSV + XLSX", "Export CSV + XLSX")                                                   \
    X(SupExit, "Keluar ke desktop", "Exit to desktop")                                                       \
    X(SupClose, "Tutup", "Close")                                                                            \
    X(SupPage, "Halaman %d / %d", "Page %d / %d")                                                            \
    X(SupQuadrant, "Kuadran", "Quadrant")                                                                    \
    X(SupImportance, "Kepentingan", "Importance")                                                            \
    X(SupPerformance, "Kinerja", "Performance")                                                              \
    X(ExportTitle, "Ekspor ke folder", "Export to a folder")                                                 \
    X(ExportChoose,                                                                                          \
      "Pilih tujuan (flashdisk ada di /media):", "Choose where (USB sticks are under /media):")              \
    X(ExportNoMedia, "Tidak ada flashdisk terpasang.", "No USB stick mounted.")                              \
    X(ExportPeriod, "Periode: %s", "Period: %s")                                                             \
    X(ExportStart, "Ekspor ke sini", "Export here")                                                          \
    X(ExportRunning, "Mengekspor...", "Exporting...")                                                        \
    X(ExportDone, "Selesai: %lld baris", "Done: %lld rows")                                                  \
    X(ExportFailed, "Ekspor gagal", "Export failed")                                                         \
    X(ExitConfirm, "Tutup aplikasi kiosk?", "Close the kiosk application?")                                  \
    X(Yes, "Ya", "Yes")                                                                                      \
    X(No, "Tidak", "No")

enum class Str {
#define SUARA_STR_ENUM(key, id, en) key,
    SUARA_KIOSK_STRINGS(SUARA_STR_ENUM)
#undef SUARA_STR_ENUM
        Count
};

// The text of `key` in `lang`.
const char* tr(Str key, analytics::Lang lang);
// printf-style formatting of a translated pattern ("%d", "%lld" only).
std::string trf(Str key, analytics::Lang lang, ...);

} // namespace suara::kiosk
