// Comment redaction: NIK, phone numbers and e-mail addresses, and the near misses that must stay.
#include "suara/kiosk/redact.h"

#include <catch2/catch.hpp>

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
        "nomor antrian 123456789012345",  // 15 digits: not a NIK
        "12345678901234567",              // 17 digits
        "tahun 2024 lebih cepat",         // a year
        "datang jam 08:30, selesai 09.15", // clock times
        "biaya Rp 50.000 padahal gratis", // a price
        "Rp 1.500.000",                   // a bigger price
        "tanggal 08-11-2026",             // a date
        "antri 3 jam, loket 2",           // small numbers
        "0812345",                        // too short for a phone
        "ratusan@ orang",                 // '@' without a domain
        "harga 62.000",                   // looks like 62 but is short
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
    CHECK(truncateUtf8("ab\xFF" "cd", 10) == "abcd"); // a stray byte is dropped
    CHECK(truncateUtf8(std::string(600, 'x'), 500).size() == 500);
}
