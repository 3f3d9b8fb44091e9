// Page labels (see i18n.h).
#include "i18n.h"

#include "suara/analytics/response.h"
#include "suara/sync/server/store.h"

#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <map>

namespace suara::sync::dashboard {

namespace {

using Table = std::map<std::string_view, analytics::Text>;

const Table& table() {
    static const Table kTable = {
        {"app", {"Suara - Dasbor Kantor Regional", "Suara - Regional Office Dashboard"}},
        {"login", {"Masuk", "Log in"}},
        {"logout", {"Keluar", "Log out"}},
        {"username", {"Nama pengguna", "Username"}},
        {"password", {"Kata sandi", "Password"}},
        {"login_failed", {"Nama pengguna atau kata sandi salah.", "Wrong username or password."}},
        {"login_slow",
         {"Terlalu banyak percobaan gagal. Coba lagi dalam", "Too many failed attempts. Try again in"}},
        {"seconds", {"detik", "seconds"}},
        {"overview", {"Ringkasan semua kantor", "All offices"}},
        {"office", {"Kantor", "Office"}},
        {"offices", {"Kantor", "Offices"}},
        {"responses", {"Respons", "Responses"}},
        {"gap", {"Gap", "Gap"}},
        {"tki", {"Tki (%)", "Tki (%)"}},
        {"csi", {"CSI (%)", "CSI (%)"}},
        {"csi_category", {"Kategori CSI", "CSI category"}},
        {"worst_dimension", {"Dimensi terlemah", "Weakest dimension"}},
        {"trend", {"Tren", "Trend"}},
        {"last_sync", {"Sinkron terakhir", "Last sync"}},
        {"silent", {"Tidak ada sinkron", "No sync"}},
        {"silent_for", {"lebih dari", "for more than"}},
        {"hours", {"jam", "hours"}},
        {"never", {"belum pernah", "never"}},
        {"period", {"Periode", "Period"}},
        {"p_day", {"Hari", "Day"}},
        {"p_week", {"Minggu", "Week"}},
        {"p_month", {"Bulan", "Month"}},
        {"p_quarter", {"Triwulan", "Quarter"}},
        {"p_year", {"Tahun", "Year"}},
        {"p_all", {"Semua", "All"}},
        {"p_custom", {"Rentang", "Range"}},
        {"date", {"Tanggal", "Date"}},
        {"from", {"Dari", "From"}},
        {"to", {"Sampai", "To"}},
        {"kiosk", {"Kios", "Kiosk"}},
        {"kiosks", {"Kios", "Kiosks"}},
        {"service", {"Layanan", "Service"}},
        {"instrument", {"Instrumen", "Instrument"}},
        {"all", {"Semua", "All"}},
        {"apply", {"Terapkan", "Apply"}},
        {"export", {"Ekspor", "Export"}},
        {"print", {"Cetak", "Print"}},
        {"raw_export", {"Data mentah (CSV)", "Raw responses (CSV)"}},
        {"dimensions", {"Dimensi", "Dimensions"}},
        {"dimension", {"Dimensi", "Dimension"}},
        {"items", {"Butir pernyataan", "Items"}},
        {"item", {"Butir", "Item"}},
        {"expectation", {"Harapan (E)", "Expectation (E)"}},
        {"perception", {"Persepsi (P)", "Perception (P)"}},
        {"category", {"Kategori", "Category"}},
        {"quadrant", {"Kuadran", "Quadrant"}},
        {"frequencies", {"Frekuensi", "Frequencies"}},
        {"s_responses", {"Respons", "Responses"}},
        {"s_population", {"Populasi", "Population"}},
        {"s_slovin_e10", {"Minimum Slovin (e = 10%)", "Slovin minimum (e = 10%)"}},
        {"s_slovin_e05", {"Minimum Slovin (e = 5%)", "Slovin minimum (e = 5%)"}},
        {"s_krejcie_morgan_e05", {"Minimum Krejcie-Morgan (e = 5%)", "Krejcie-Morgan minimum (e = 5%)"}},
        {"s_margin_of_error", {"Margin of error (Slovin)", "Margin of error (Slovin)"}},
        {"ipa", {"Diagram Kartesius IPA", "IPA Cartesian diagram"}},
        {"priority", {"Prioritas utama (kuadran I)", "Top priority (quadrant I)"}},
        {"none", {"Tidak ada", "None"}},
        {"profile", {"Profil responden", "Respondent profile"}},
        {"suppressed", {"sel < 5 disembunyikan", "cells < 5 hidden"}},
        {"validity", {"Validitas dan reliabilitas", "Validity and reliability"}},
        {"r_critical", {"r kritis", "critical r"}},
        {"alpha", {"Alpha Cronbach", "Cronbach's alpha"}},
        {"valid", {"Valid", "Valid"}},
        {"yes", {"ya", "yes"}},
        {"no", {"tidak", "no"}},
        {"quarantined", {"Karantina", "Quarantined"}},
        {"last_seq", {"Seq terakhir", "Last seq"}},
        {"status", {"Status", "Status"}},
        {"revoked", {"dicabut", "revoked"}},
        {"active", {"aktif", "active"}},
        {"comments", {"Komentar terbaru", "Recent comments"}},
        {"no_comments", {"Belum ada komentar.", "No comments yet."}},
        {"ikm", {"IKM", "IKM"}},
        {"grade", {"Mutu", "Grade"}},
        {"sample", {"Kecukupan sampel", "Sample adequacy"}},
        {"population", {"Populasi (warga dilayani)", "Population (citizens served)"}},
        {"population_missing",
         {"Populasi periode ini belum dicatat.", "No population recorded for this period."}},
        {"save", {"Simpan", "Save"}},
        {"saved", {"Tersimpan.", "Saved."}},
        {"minimum", {"Minimum", "Minimum"}},
        {"reached", {"tercapai", "reached"}},
        {"not_reached", {"belum tercapai", "not reached"}},
        {"margin", {"Margin of error (Slovin)", "Margin of error (Slovin)"}},
        {"no_data", {"Belum ada respons pada periode ini.", "No responses in this period."}},
        {"bad_request", {"Permintaan tidak valid", "Bad request"}},
        {"forbidden", {"Akses ditolak", "Forbidden"}},
        {"forbidden_text",
         {"Akun Anda hanya dapat melihat kantornya sendiri.", "Your account may only see its own office."}},
        {"not_found", {"Tidak ditemukan", "Not found"}},
        {"csrf",
         {"Formulir kedaluwarsa atau tidak sah. Muat ulang halaman.",
          "The form expired or is not valid. Reload the page."}},
        {"error", {"Kesalahan server", "Server error"}},
        {"back", {"Kembali", "Back"}},
        {"overall", {"Keseluruhan", "Overall"}},
        {"mean", {"Rata-rata", "Mean"}},
        {"n", {"n", "n"}},
        {"daily", {"harian", "daily"}},
        {"weekly", {"mingguan", "weekly"}},
        {"monthly", {"bulanan", "monthly"}},
        {"trend_note", {"Tren tingkat kantor dari akumulator", "Office-level trend from accumulators"}},
        {"count", {"Jumlah", "Count"}},
        {"pct", {"%", "%"}},
        {"reliability", {"Reliabilitas", "Reliability"}},
        {"band", {"Kriteria", "Band"}},
        {"r_corrected", {"r terkoreksi", "corrected r"}},
        {"alpha_if_deleted", {"alpha jika dihapus", "alpha if deleted"}},
        {"role", {"Peran", "Role"}},
        {"language", {"English", "Bahasa Indonesia"}},
        {"sort_hint", {"Klik judul kolom untuk mengurutkan.", "Click a column heading to sort."}},
        {"filters", {"Filter", "Filters"}},
        {"chart_ep", {"Harapan vs persepsi per dimensi", "Expectation vs perception by dimension"}},
        {"generated", {"Dibuat", "Generated"}},
    };
    return kTable;
}

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                                 "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
constexpr std::array<const char*, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

} // namespace

const std::string& tr(analytics::Lang lang, std::string_view key) {
    const auto it = table().find(key);
    assert(it != table().end() && "every dashboard label needs an entry in i18n.cpp");
    return it->second.in(lang);
}

std::string formatNumber(double value, int decimals, analytics::Lang lang) {
    if (!std::isfinite(value)) return "\xE2\x80\x93"; // en dash
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s(buf);
    const bool id = lang == analytics::Lang::Id;
    const char group = id ? '.' : ',';
    const char point = id ? ',' : '.';
    const size_t dot = s.find('.');
    std::string intPart = s.substr(0, dot);
    std::string frac = dot == std::string::npos ? std::string() : s.substr(dot + 1);
    const bool negative = !intPart.empty() && intPart[0] == '-';
    if (negative) intPart.erase(0, 1);
    std::string grouped;
    for (size_t i = 0; i < intPart.size(); ++i) {
        if (i > 0 && (intPart.size() - i) % 3 == 0) grouped.push_back(group);
        grouped.push_back(intPart[i]);
    }
    std::string out = (negative ? "-" : "") + grouped;
    if (!frac.empty()) out += point + frac;
    return out;
}

std::string formatCount(int64_t value, analytics::Lang lang) {
    return formatNumber(static_cast<double>(value), 0, lang);
}

std::string formatDayLabel(int64_t day, analytics::Lang lang) {
    const CivilDate c = civilFromDays(day);
    const auto& months = lang == analytics::Lang::En ? kMonthsEn : kMonths;
    return std::to_string(c.day) + " " + months[static_cast<size_t>(c.month - 1)] + " " +
           std::to_string(c.year);
}

std::string formatTimeLabel(int64_t utcMs, analytics::Lang lang, int utcOffsetMinutes) {
    const int64_t localMs = utcMs + int64_t{utcOffsetMinutes} * 60000;
    const int64_t day = localMs >= 0 ? localMs / 86400000 : (localMs - 86399999) / 86400000;
    const int64_t msOfDay = localMs - day * 86400000;
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d ", static_cast<int>(msOfDay / 3600000),
                  static_cast<int>(msOfDay / 60000 % 60));
    std::string zone = utcOffsetMinutes == 0     ? "UTC"
                       : utcOffsetMinutes == 420 ? "WIB"
                       : utcOffsetMinutes == 480 ? "WITA"
                       : utcOffsetMinutes == 540 ? "WIT"
                                                 : "UTC" + analytics::formatUtcOffset(utcOffsetMinutes);
    return formatDayLabel(day, lang) + buf + zone;
}

} // namespace suara::sync::dashboard
