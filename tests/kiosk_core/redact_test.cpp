// Comment redaction: NIK, phone numbers and e-mail addresses, and the near misses that must stay.
#include "suara/kiosk/redact.h"

#include <catch2/catch.hpp>
#include <random>

using suara::kiosk::redactComment;
using suara::kiosk::redactDetailed;

TEST_CASE("redact: NIK in its written forms", "[kiosk][redact]") {
    CHECK(redactComment("NIK saya 5301011203850001 tolong cek") == "NIK saya [NIK] tolong cek");
    CHECK(redactComment("5301 0112 0385 0001") == "[NIK]");
    CHECK(redactComment("53.01.01.120385.0001") == "[NIK]");
    CHECK(redactComment("5301-0112-0385-0001.") == "[NIK].");
    CHECK(redactComment("NIK:5301011203850001") == "NIK:[NIK]");
    auto r = redactDetailed("a 5301011203850001 b 3201011203850002");
    CHECK(r.text == "a [NIK] b [NIK]");
    CHECK(r.nik == 2);
}

TEST_CASE("redact: Indonesian phone numbers", "[kiosk][redact]") {
    CHECK(redactComment("hubungi 081234567890") == "hubungi [telepon]");
    CHECK(redactComment("hubungi 0812-3456-7890 ya") == "hubungi [telepon] ya");
    CHECK(redactComment("WA 0812 3456 789") == "WA [telepon]");
    CHECK(redactComment("+62 812 3456 7890") == "[telepon]");
    CHECK(redactComment("(+6281234567890)") == "([telepon])");
    CHECK(redactComment("62-812-3456-7890") == "[telepon]");
    CHECK(redactComment("kantor 0380 821234") == "kantor [telepon]");
    CHECK(redactComment("021-5551234") == "[telepon]");
    auto r = redactDetailed("0812.3456.7890 atau +62 813 1111 2222");
    CHECK(r.text == "[telepon] atau [telepon]");
    CHECK(r.phones == 2);
}

TEST_CASE("redact: e-mail addresses", "[kiosk][redact]") {
    CHECK(redactComment("email: budi.santoso@gmail.com.") == "email: [email].");
    CHECK(redactComment("kirim ke a_b+c@dukcapil.kupangkab.go.id segera") == "kirim ke [email] segera");
    auto r = redactDetailed("x@y.co dan z@w.id");
    CHECK(r.text == "[email] dan [email]");
    CHECK(r.emails == 2);
}

TEST_CASE("redact: near misses stay as written", "[kiosk][redact]") {
    const char* keep[] = {
        "nomor antrian 123456789012345",   // 15 digits: not a NIK
        "12345678901234567",               // 17 digits
        "tahun 2024 lebih cepat",          // a year
        "datang jam 08:30, selesai 09.15", // clock times
        "biaya Rp 50.000 padahal gratis",  // a price
        "Rp 1.500.000",                    // a bigger price
        "tanggal 08-11-2026",              // a date
        "antri 3 jam, loket 2",            // small numbers
        "0812345",                         // too short for a phone
        "ratusan@ orang",                  // '@' without a domain
        "harga 62.000",                    // looks like 62 but is short
        "skor 5/5 puas",
    };
    for (const char* text : keep) {
        INFO(text);
        CHECK(redactComment(text) == text);
    }
}

TEST_CASE("redact: mixed comment keeps everything else", "[kiosk][redact]") {
    auto r = redactDetailed("Pelayanan lambat (3 jam). NIK 5301011203850001, HP 0812-3456-7890, "
                            "email budi@mail.com. Biaya Rp 50.000?");
    CHECK(r.text == "Pelayanan lambat (3 jam). NIK [NIK], HP [telepon], email [email]. Biaya Rp 50.000?");
    CHECK(r.nik == 1);
    CHECK(r.phones == 1);
    CHECK(r.emails == 1);
}

TEST_CASE("redact: UTF-8 truncation never splits a character", "[kiosk][redact]") {
    using suara::kiosk::truncateUtf8;
    using suara::kiosk::utf8Length;
    std::string s = "pelayanan \xF0\x9F\x98\x80 bagus \xC3\xA9t\xC3\xA9"; // emoji and e-acute
    CHECK(utf8Length(s) == 21);
    CHECK(truncateUtf8(s, 11) == "pelayanan \xF0\x9F\x98\x80");
    CHECK(truncateUtf8(s, 10) == "pelayanan ");
    CHECK(truncateUtf8("ab\xFF"
                       "cd",
                       10) == "abcd"); // a stray byte is dropped
    CHECK(truncateUtf8(std::string(600, 'x'), 500).size() == 500);
}

TEST_CASE("redact: random comments never keep an identifier and keep everything else", "[kiosk][redact]") {
    std::mt19937 rng(2026);
    auto digits = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
        return s;
    };
    auto group = [&](const std::string& d) { // random grouping with one separator kind
        const char* seps[] = {"", " ", ".", "-"};
        std::string sep = seps[rng() % 4];
        std::string out;
        size_t at = 0;
        while (at < d.size()) {
            size_t len = std::min<size_t>(d.size() - at, 2 + rng() % 5);
            if (!out.empty()) out += sep;
            out += d.substr(at, len);
            at += len;
        }
        return out;
    };
    // Words and the short phrases numbers appear in; free text does not string bare numbers together.
    const char* words[] = {"pelayanan",
                           "lambat",
                           "petugas",
                           "ramah",
                           "antri 3 jam",
                           "loket 2",
                           "Rp 50.000",
                           "tahun 2024",
                           "jam 08:30",
                           "pukul 09.15",
                           "(3 jam)",
                           "tgl 08-11-2026",
                           "ok,",
                           "tolong!",
                           "e-KTP",
                           "no. antrian 123456789012345",
                           "biaya Rp 1.500.000"};
    for (int round = 0; round < 2000; ++round) {
        std::string text, nik, phone, email;
        for (int w = 0; w < 6; ++w) text += std::string(words[rng() % 17]) + " ";
        std::string plain = text;
        // An identifier of each kind somewhere in the middle.
        nik = std::to_string(1 + rng() % 9) + digits(15);
        phone = (rng() % 2 ? std::string("08") : std::string(rng() % 2 ? "+62 8" : "628")) +
                digits(8 + static_cast<int>(rng() % 3));
        email = "user" + digits(3) + "@mail" + digits(2) + ".co.id";
        std::string withIds = text + group(nik) + " , " + phone + " ; " + email + " " + text;
        INFO(withIds);
        auto r = redactDetailed(withIds);
        CHECK(r.nik == 1);
        CHECK(r.phones == 1);
        CHECK(r.emails == 1);
        CHECK(r.text.find(nik.substr(0, 8)) == std::string::npos);
        CHECK(r.text.find('@') == std::string::npos);
        // Text without identifiers passes through unchanged.
        CHECK(redactComment(plain) == plain);
    }
}

TEST_CASE("redact: separate numbers do not add up to an identifier", "[kiosk][redact]") {
    CHECK(redactComment("50.000 2024 50.000 08:30") == "50.000 2024 50.000 08:30");
    CHECK(redactComment("Rp 25.000-50.000 tahun 2024") == "Rp 25.000-50.000 tahun 2024");
    CHECK(redactComment("+62 812-3456-7890") == "[telepon]"); // the country code may differ
}
