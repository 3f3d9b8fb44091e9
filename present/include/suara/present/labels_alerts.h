// Catalogue section: alerts (the messages sent by e-mail and webhook, the digest, and the
// dashboard's alert pages). X(key, Bahasa Indonesia, English); see catalogue.h.
#pragma once

#define SUARA_LABELS_ALERTS(X)                                                                               \
    X(AlertKindNegative, "Respons negatif", "Negative response")                                             \
    X(AlertKindLowIndex, "Indeks rendah", "Low index")                                                       \
    X(AlertKindSilent, "Kiosk tidak sinkron", "Silent kiosk")                                                \
    X(AlertKindQuarantine, "Data dikarantina", "Quarantined records")                                        \
    X(AlertKindDigest, "Ringkasan berkala", "Digest")                                                        \
    X(AlertSubject, "[Suara] {0}: {1}", "[Suara] {0}: {1}")                                                  \
    X(AlertNegativeBody, "Seorang warga memberi rata-rata kepuasan {0} (batas {1}) di kiosk {2}, {3}.",      \
      "A citizen gave a mean satisfaction of {0} (limit {1}) at kiosk {2}, {3}.")                            \
    X(AlertNegativeLowest, "Butir dengan nilai 1: {0}", "Items rated 1: {0}")                                \
    X(AlertComment, "Komentar", "Comment")                                                                   \
    X(AlertLowIndexBody, "{0} periode {1} adalah {2}, di bawah batas {3} ({4} respons).",                    \
      "{0} for {1} is {2}, below the limit {3} ({4} responses).")                                            \
    X(AlertSilentBody, "Kiosk {0} tidak sinkron selama lebih dari {1} jam kerja (sinkron terakhir: {2}).",   \
      "Kiosk {0} has not synced for more than {1} office hours (last sync: {2}).")                           \
    X(AlertQuarantineBody, "Kiosk {0} mengirim {1} rekaman yang dikarantina dan {2} yang ditolak.",          \
      "Kiosk {0} sent {1} quarantined and {2} rejected records.")                                            \
    X(AlertOpenDashboard, "Buka di dasbor", "Open in the dashboard")                                         \
    X(AlertDigestTitle, "Ringkasan {0}", "Summary for {0}")                                                  \
    X(AlertDigestNone, "Tidak ada respons pada periode ini.", "No responses in this period.")                \
    X(AlertDigestWorst, "Butir dengan gap terbesar", "Items with the largest gap")                           \
    X(AlertDigestComments, "Komentar baru", "New comments")                                                  \
    X(DashAlerts, "Peringatan", "Alerts")                                                                    \
    X(DashAlertRules, "Aturan peringatan", "Alert rules")                                                    \
    X(DashAlertRule, "Aturan", "Rule")                                                                       \
    X(DashAlertRaised, "Waktu", "Raised")                                                                    \
    X(DashAlertMessage, "Pesan", "Message")                                                                  \
    X(DashAlertState, "Status", "State")                                                                     \
    X(DashAlertOpen, "Belum ditindaklanjuti", "Open")                                                        \
    X(DashAlertAcked, "Ditindaklanjuti", "Acknowledged")                                                     \
    X(DashAlertAckBy, "{0} oleh {1}: {2}", "{0} by {1}: {2}")                                                \
    X(DashAlertAck, "Tindak lanjuti", "Acknowledge")                                                         \
    X(DashAlertAckComment, "Catatan tindak lanjut", "What was done")                                         \
    X(DashAlertAny, "Semua", "Any")                                                                          \
    X(DashAlertFilter, "Saring", "Filter")                                                                   \
    X(DashAlertNone, "Tidak ada peringatan.", "No alerts.")                                                  \
    X(DashAlertRegion, "Seluruh wilayah", "Whole region")                                                    \
    X(DashAlertThreshold, "Batas", "Threshold")                                                              \
    X(DashAlertMeasure, "Ukuran", "Measure")                                                                 \
    X(DashAlertWindow, "Jendela", "Window")                                                                  \
    X(DashAlertMinResponses, "Minimal respons", "Minimum responses")                                         \
    X(DashAlertHours, "Jam kerja tanpa sinkron", "Office hours without sync")                                \
    X(DashAlertEmail, "E-mail", "E-mail")                                                                    \
    X(DashAlertWebhook, "Webhook", "Webhook")                                                                \
    X(DashAlertAddRule, "Tambah aturan", "Add rule")                                                         \
    X(DashAlertRemoveRule, "Hapus", "Remove")                                                                \
    X(DashAlertDeliveries, "Pengiriman", "Deliveries")                                                       \
    X(DashAlertSent, "terkirim", "sent")                                                                     \
    X(DashAlertPending, "menunggu", "pending")
