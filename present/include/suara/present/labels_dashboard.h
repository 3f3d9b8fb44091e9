// Catalogue section: the regional dashboard's pages (words of the pages themselves; measure
// names come from the measures section, instrument texts from the instrument files).
// X(key, Bahasa Indonesia, English); see catalogue.h.
#pragma once

#define SUARA_LABELS_DASHBOARD(X)                                                                            \
    X(DashApp, "Suara - Dasbor Kantor Regional", "Suara - Regional Office Dashboard")                        \
    X(DashLogin, "Masuk", "Log in")                                                                          \
    X(DashLogout, "Keluar", "Log out")                                                                       \
    X(DashUsername, "Nama pengguna", "Username")                                                             \
    X(DashPassword, "Kata sandi", "Password")                                                                \
    X(DashLoginFailed, "Nama pengguna atau kata sandi salah.", "Wrong username or password.")                \
    X(DashLoginSlow, "Terlalu banyak percobaan gagal. Coba lagi dalam",                                      \
      "Too many failed attempts. Try again in")                                                              \
    X(DashSeconds, "detik", "seconds")                                                                       \
    X(DashOverview, "Ringkasan semua kantor", "All offices")                                                 \
    X(DashOffice, "Kantor", "Office")                                                                        \
    X(DashOffices, "Kantor", "Offices")                                                                      \
    X(DashResponses, "Respons", "Responses")                                                                 \
    X(DashGap, "Gap", "Gap")                                                                                 \
    X(DashTki, "Tki (%)", "Tki (%)")                                                                         \
    X(DashCsi, "CSI (%)", "CSI (%)")                                                                         \
    X(DashCsiCategory, "Kategori CSI", "CSI category")                                                       \
    X(DashWorstDimension, "Dimensi terlemah", "Weakest dimension")                                           \
    X(DashTrend, "Tren", "Trend")                                                                            \
    X(DashLastSync, "Sinkron terakhir", "Last sync")                                                         \
    X(DashSilent, "Tidak ada sinkron", "No sync")                                                            \
    X(DashSilentFor, "lebih dari", "for more than")                                                          \
    X(DashHours, "jam", "hours")                                                                             \
    X(DashNever, "belum pernah", "never")                                                                    \
    X(DashPeriod, "Periode", "Period")                                                                       \
    X(DashPDay, "Hari", "Day")                                                                               \
    X(DashPWeek, "Minggu", "Week")                                                                           \
    X(DashPMonth, "Bulan", "Month")                                                                          \
    X(DashPQuarter, "Triwulan", "Quarter")                                                                   \
    X(DashPYear, "Tahun", "Year")                                                                            \
    X(DashPAll, "Semua", "All")                                                                              \
    X(DashPCustom, "Rentang", "Range")                                                                       \
    X(DashDate, "Tanggal", "Date")                                                                           \
    X(DashFrom, "Dari", "From")                                                                              \
    X(DashTo, "Sampai", "To")                                                                                \
    X(DashKiosk, "Kios", "Kiosk")                                                                            \
    X(DashKiosks, "Kios", "Kiosks")                                                                          \
    X(DashService, "Layanan", "Service")                                                                     \
    X(DashInstrument, "Instrumen", "Instrument")                                                             \
    X(DashAll, "Semua", "All")                                                                               \
    X(DashApply, "Terapkan", "Apply")                                                                        \
    X(DashExport, "Ekspor", "Export")                                                                        \
    X(DashPrint, "Cetak", "Print")                                                                           \
    X(DashRawExport, "Data mentah (CSV)", "Raw responses (CSV)")                                             \
    X(DashDimensions, "Dimensi", "Dimensions")                                                               \
    X(DashItems, "Butir pernyataan", "Items")                                                                \
    X(DashFrequencies, "Frekuensi", "Frequencies")                                                           \
    X(DashSResponses, "Respons", "Responses")                                                                \
    X(DashSPopulation, "Populasi", "Population")                                                             \
    X(DashSSlovinE10, "Minimum Slovin (e = 10%)", "Slovin minimum (e = 10%)")                                \
    X(DashSSlovinE05, "Minimum Slovin (e = 5%)", "Slovin minimum (e = 5%)")                                  \
    X(DashSKrejcieMorganE05, "Minimum Krejcie-Morgan (e = 5%)", "Krejcie-Morgan minimum (e = 5%)")           \
    X(DashSMarginOfError, "Margin of error (Slovin)", "Margin of error (Slovin)")                            \
    X(DashSuppressed, "sel < 5 disembunyikan", "cells < 5 hidden")                                           \
    X(DashValidity, "Validitas dan reliabilitas", "Validity and reliability")                                \
    X(DashRCritical, "r kritis", "critical r")                                                               \
    X(DashAlpha, "Alpha Cronbach", "Cronbach's alpha")                                                       \
    X(DashValid, "Valid", "Valid")                                                                           \
    X(DashYes, "ya", "yes")                                                                                  \
    X(DashNo, "tidak", "no")                                                                                 \
    X(DashQuarantined, "Karantina", "Quarantined")                                                           \
    X(DashQConflict, "uuid bentrok", "uuid conflict")                                                        \
    X(DashQService, "layanan tak dikenal", "bad service id")                                                 \
    X(DashQOrder, "mulai setelah kirim", "started after submit")                                             \
    X(DashQTooOld, "sebelum pendaftaran kios", "before kiosk enrolment")                                     \
    X(DashQFuture, "tanggal di masa depan", "dated in the future")                                           \
    X(DashLastSeq, "Seq terakhir", "Last seq")                                                               \
    X(DashVersion, "Versi", "Version")                                                                       \
    X(DashVersionNotSent, "tidak dikirim", "not sent")                                                       \
    X(DashVersionSince, "sejak", "since")                                                                    \
    X(DashOutboxPending, "Menunggu di kios", "Pending on kiosk")                                             \
    X(DashAsOf, "per {0}", "as of {0}")                                                                      \
    X(DashOldProtocol, "protokol lama (v1)", "old protocol (v1)")                                            \
    X(DashStatus, "Status", "Status")                                                                        \
    X(DashRevoked, "dicabut", "revoked")                                                                     \
    X(DashActive, "aktif", "active")                                                                         \
    X(DashComments, "Komentar terbaru", "Recent comments")                                                   \
    X(DashNoComments, "Belum ada komentar.", "No comments yet.")                                             \
    X(DashSample, "Kecukupan sampel", "Sample adequacy")                                                     \
    X(DashPopulation, "Populasi (warga dilayani)", "Population (citizens served)")                           \
    X(DashPopulationMissing, "Populasi periode ini belum dicatat.",                                          \
      "No population recorded for this period.")                                                             \
    X(DashSave, "Simpan", "Save")                                                                            \
    X(DashReached, "tercapai", "reached")                                                                    \
    X(DashNotReached, "belum tercapai", "not reached")                                                       \
    X(DashNoData, "Belum ada respons pada periode ini.", "No responses in this period.")                     \
    X(DashBadRequest, "Permintaan tidak valid", "Bad request")                                               \
    X(DashForbidden, "Akses ditolak", "Forbidden")                                                           \
    X(DashForbiddenText, "Akun Anda hanya dapat melihat kantornya sendiri.",                                 \
      "Your account may only see its own office.")                                                           \
    X(DashNotFound, "Tidak ditemukan", "Not found")                                                          \
    X(DashCsrf, "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman.",                                  \
      "The form expired or is not valid. Reload the page.")                                                  \
    X(DashError, "Kesalahan server", "Server error")                                                         \
    X(DashDaily, "harian", "daily")                                                                          \
    X(DashWeekly, "mingguan", "weekly")                                                                      \
    X(DashMonthly, "bulanan", "monthly")                                                                     \
    X(DashTrendNote, "Tren tingkat kantor dari akumulator", "Office-level trend from accumulators")          \
    X(DashRCorrected, "r terkoreksi", "corrected r")                                                         \
    X(DashAlphaIfDeleted, "alpha jika dihapus", "alpha if deleted")                                          \
    X(DashSortHint, "Klik judul kolom untuk mengurutkan.", "Click a column heading to sort.")                \
    X(DashChartEp, "Harapan vs persepsi per dimensi", "Expectation vs perception by dimension")              \
    X(DashAdmin, "Administrasi", "Administration")                                                           \
    X(DashAudit, "Log audit", "Audit log")                                                                   \
    X(DashUsers, "Pengguna", "Users")                                                                        \
    X(DashTokens, "Token API", "API tokens")                                                                 \
    X(DashCode, "Kode", "Code")                                                                              \
    X(DashName, "Nama", "Name")                                                                              \
    X(DashUtcOffset, "Zona waktu (UTC)", "Time zone (UTC)")                                                  \
    X(DashAddOffice, "Tambah kantor", "Add an office")                                                       \
    X(DashEdit, "Ubah", "Edit")                                                                              \
    X(DashEnrol, "Daftarkan kios", "Enrol a kiosk")                                                          \
    X(DashKeyOrIdentity, "Kunci publik atau teks identitas kios (QR)",                                       \
      "Public key or the kiosk's identity text (QR)")                                                        \
    X(DashKioskId, "ID kios (kosong jika memakai teks identitas)", "Kiosk id (empty with identity text)")    \
    X(DashRevoke, "Cabut", "Revoke")                                                                         \
    X(DashEnrolled, "Terdaftar", "Enrolled")                                                                 \
    X(DashRole, "Peran", "Role")                                                                             \
    X(DashRoleAdmin, "admin", "admin")                                                                       \
    X(DashRoleOffice, "kantor", "office")                                                                    \
    X(DashDisabled, "nonaktif", "disabled")                                                                  \
    X(DashMustChange, "harus ganti kata sandi", "must change password")                                      \
    X(DashAddUser, "Tambah pengguna", "Add a user")                                                          \
    X(DashDisable, "Nonaktifkan", "Disable")                                                                 \
    X(DashEnable, "Aktifkan", "Enable")                                                                      \
    X(DashEndSessions, "Akhiri semua sesi", "End every session")                                             \
    X(DashResetPassword, "Atur ulang kata sandi (harus diganti saat masuk)",                                 \
      "Reset password (changed at next login)")                                                              \
    X(DashChangeRole, "Ubah peran dan kantor", "Change role and office")                                     \
    X(DashNewPassword, "Kata sandi baru", "New password")                                                    \
    X(DashCurrentPassword, "Kata sandi saat ini", "Current password")                                        \
    X(DashChangePassword, "Ganti kata sandi", "Change password")                                             \
    X(DashMustChangeText, "Administrator mengatur ulang kata sandi Anda. Pilih kata sandi baru.",            \
      "An admin reset your password. Choose a new one.")                                                     \
    X(DashPasswordChanged, "Kata sandi diganti. Silakan masuk kembali.",                                     \
      "Password changed. Please log in again.")                                                              \
    X(DashLabel, "Label", "Label")                                                                           \
    X(DashScope, "Cakupan", "Scope")                                                                         \
    X(DashRegion, "seluruh wilayah", "whole region")                                                         \
    X(DashExpires, "Kedaluwarsa", "Expires")                                                                 \
    X(DashExpiresHint, "kosong = tidak pernah", "empty = never")                                             \
    X(DashExpired, "kedaluwarsa", "expired")                                                                 \
    X(DashCreated, "Dibuat", "Created")                                                                      \
    X(DashCreateToken, "Buat token", "Create a token")                                                       \
    X(DashTokenOnce, "Salin token ini sekarang; token tidak akan ditampilkan lagi.",                         \
      "Copy this token now; it is never shown again.")                                                       \
    X(DashDone, "Tersimpan.", "Saved.")                                                                      \
    X(DashWhen, "Waktu", "When")                                                                             \
    X(DashActor, "Oleh", "By")                                                                               \
    X(DashVia, "Dari", "From")                                                                               \
    X(DashAction, "Tindakan", "Action")                                                                      \
    X(DashTarget, "Sasaran", "Target")                                                                       \
    X(DashDetail, "Rincian", "Detail")                                                                       \
    X(DashAdminOnly, "Halaman ini hanya untuk administrator.", "This page is for admins only.")
