// Catalogue section: the kiosk (citizen screens, PIN pad, supervisor summary, export).
// Texts are short and plain: many citizens read poorly, so a screen says one thing at a time.
// X(key, Bahasa Indonesia, English); "{0}" marks where present::fill puts an argument.
#pragma once

#define SUARA_LABELS_KIOSK(X)                                                                                \
    X(AttractQuestion, "Bagaimana pelayanan kami hari ini?", "How was our service today?")                   \
    X(TouchToStart, "Sentuh layar untuk memberi penilaian", "Touch the screen to rate our service")          \
    X(AnonymousNote, "Tanpa nama. Kami tidak menanyakan nama, NIK, atau nomor telepon Anda.",                \
      "Anonymous. We never ask for your name, NIK or phone number.")                                         \
    X(PleaseWait, "Mohon tunggu sebentar", "Please wait a moment")                                           \
    X(WaitForOfficer, "Silakan tunggu petugas", "Please wait for the officer")                               \
    X(WaitForOfficerNote, "Petugas akan menyalakan layar ini setelah perekaman E-KTP Anda selesai.",         \
      "The officer will switch this screen on after your E-KTP recording.")                                  \
    X(ServiceQuestion, "Layanan apa yang Anda urus hari ini?", "Which service did you come for today?")      \
    X(ServiceNote, "Sentuh satu pilihan.", "Touch one choice.")                                              \
    X(ServiceEktp, "Perekaman E-KTP", "E-KTP recording")                                                     \
    X(ServiceKk, "Kartu Keluarga", "Family card (KK)")                                                       \
    X(ServiceAktaLahir, "Akta Kelahiran", "Birth certificate")                                               \
    X(ServiceAktaMati, "Akta Kematian", "Death certificate")                                                 \
    X(ServicePindah, "Pindah Datang", "Moving in or out")                                                    \
    X(ServiceKia, "Kartu Identitas Anak", "Child identity card (KIA)")                                       \
    X(ProfileTitle, "Tentang Anda", "About you")                                                             \
    X(ProfileNote, "Boleh dilewati. Sentuh pilihan Anda, lalu Lanjut.",                                      \
      "Optional. Touch your answers, then Next.")                                                            \
    X(Skip, "Lewati", "Skip")                                                                                \
    X(Next, "Lanjut", "Next")                                                                                \
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
    X(ThanksCountdown, "Kembali ke awal dalam {0} detik", "Back to the start in {0} seconds")                \
    X(Finish, "Selesai", "Finish")                                                                           \
    X(StillThere, "Masih di sana?", "Are you still there?")                                                  \
    X(Continue, "Lanjutkan", "Continue")                                                                     \
    X(StillThereCountdown, "Jawaban akan dihapus dalam {0} detik",                                           \
      "Your answers will be cleared in {0} seconds")                                                         \
    X(SorryTitle, "Mohon maaf", "We are sorry")                                                              \
    X(SorryText, "Penilaian Anda belum dapat disimpan karena gangguan teknis. Mohon beri tahu petugas.",     \
      "Your answers could not be saved because of a technical problem. Please tell the officer.")            \
    X(TryAgain, "Coba lagi", "Try again")                                                                    \
    /* spoken prompts (kiosk/core prompts.h): the speaker button and how an answer is read out */            \
    X(Listen, "Dengarkan", "Listen")                                                                         \
    X(SpokenAnswer, "Nomor {0}: {1}.", "Number {0}: {1}.")                                                   \
    X(PinTitle, "PIN petugas", "Supervisor PIN")                                                             \
    X(PinWrong, "PIN salah", "Wrong PIN")                                                                    \
    X(PinLocked, "Terlalu banyak percobaan. Coba lagi dalam {0} detik.",                                     \
      "Too many attempts. Try again in {0} seconds.")                                                        \
    X(PinNotSet, "PIN belum diatur. Jalankan: suara-kiosk --config FILE set-pin",                            \
      "No PIN set. Run: suara-kiosk --config FILE set-pin")                                                  \
    X(PinChecking, "Memeriksa...", "Checking...")                                                            \
    X(PinOk, "OK", "OK")                                                                                     \
    X(PinClear, "Hapus", "Clear")                                                                            \
    X(SupTitle, "Ringkasan harian", "Daily summary")                                                         \
    X(SupToday, "Hari ini", "Today")                                                                         \
    X(SupDays7, "7 hari", "7 days")                                                                          \
    X(SupDays30, "30 hari", "30 days")                                                                       \
    X(SupResponses, "Responden", "Responses")                                                                \
    X(SupCompletion, "Selesai mengisi", "Completion")                                                        \
    X(SupFlagged, "Ditandai", "Flagged")                                                                     \
    X(SupPerHour, "Responden per jam", "Responses per hour")                                                 \
    X(SupExpectation, "Harapan", "Expectation")                                                              \
    X(SupPerception, "Kenyataan", "Perception")                                                              \
    X(SupWorstGaps, "5 kesenjangan terbesar", "5 largest gaps")                                              \
    X(SupComments, "Saran terbaru", "Recent comments")                                                       \
    X(SupNoComments, "Belum ada saran.", "No comments yet.")                                                 \
    X(SupSync, "Sinkronisasi", "Sync")                                                                       \
    X(SupSyncOff, "Tidak dikonfigurasi", "Not configured")                                                   \
    X(SupSyncCounts, "{0} terkirim, {1} menunggu, {2} konflik, {3} ditolak",                                 \
      "{0} synced, {1} pending, {2} conflicts, {3} rejected")                                                \
    X(SupSyncLastOk, "terakhir berhasil {0}", "last success {0}")                                            \
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
    X(SupExport, "Ekspor CSV + XLSX", "Export CSV + XLSX")                                                   \
    X(SupExit, "Keluar ke desktop", "Exit to desktop")                                                       \
    X(SupClose, "Tutup", "Close")                                                                            \
    X(SupPage, "Halaman {0} / {1}", "Page {0} / {1}")                                                        \
    /* the supervisor's "Kiosk identity" tab (what the dashboard's enrolment page reads) */                  \
    X(SupTabIdentity, "Identitas kiosk", "Kiosk identity")                                                   \
    X(SupKioskId, "ID kiosk", "Kiosk id")                                                                    \
    X(SupVersion, "Versi perangkat lunak", "Software version")                                               \
    X(SupPublicKey, "Kunci publik", "Public key")                                                            \
    X(SupIdentityScan, "Pindai kode ini di halaman pendaftaran kiosk pada dasbor regional.",                 \
      "Scan this code on the kiosk enrolment page of the regional dashboard.")                               \
    X(SupIdentityMissing, "Identitas kiosk tidak tersedia: {0}", "Kiosk identity not available: {0}")        \
    /* removing one stored comment after the fact (Store::redactComment; the button is common) */            \
    X(SupRedactRunning, "Menghapus...", "Removing...")                                                       \
    X(SupRedactDone, "Saran dihapus dari kiosk.", "Comment removed from the kiosk.")                         \
    X(SupRedactSynced,                                                                                       \
      "Saran dihapus dari kiosk. Saran ini sudah terkirim: minta admin regional menghapusnya di server "     \
      "(kode {0}).",                                                                                         \
      "Comment removed from the kiosk. It was already sent: ask the regional admin to remove it on the "     \
      "server (code {0}).")                                                                                  \
    X(SupRedactFailed, "Gagal menghapus: {0}", "Could not remove: {0}")                                      \
    X(ExportTitle, "Ekspor ke folder", "Export to a folder")                                                 \
    X(ExportChoose,                                                                                          \
      "Pilih tujuan (flashdisk ada di /media):", "Choose where (USB sticks are under /media):")              \
    X(ExportNoMedia, "Tidak ada flashdisk terpasang.", "No USB stick mounted.")                              \
    X(ExportSearching, "Mencari flashdisk...", "Looking for USB sticks...")                                  \
    X(ExportPeriod, "Periode: {0}", "Period: {0}")                                                           \
    X(ExportStart, "Ekspor ke sini", "Export here")                                                          \
    X(ExportRunning, "Mengekspor...", "Exporting...")                                                        \
    X(ExportDone, "Selesai: {0} baris", "Done: {0} rows")                                                    \
    X(ExportFailed, "Ekspor gagal", "Export failed")                                                         \
    X(ExitConfirm, "Tutup aplikasi kiosk?", "Close the kiosk application?")                                  \
    X(Yes, "Ya", "Yes")                                                                                      \
    X(No, "Tidak", "No")
