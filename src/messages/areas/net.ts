import { defineTexts, text } from "../text.ts";

/**
 * Texts of the shared HTTP layer (src/net/): one per failure kind, each with
 * the request's `[METHOD][host:port]` as the manual's log shows it, the cause,
 * and what the administrator can check. `setting` names the remote's section
 * (`cod`), so the texts say which setting to look at.
 */
export const netTexts = defineTexts("net", {
  refused: text<{ method: string; address: string; detail: string; setting: string }>(
    (p) => `[${p.method}][${p.address}]: соединение отклонено (${p.detail}). Проверьте, что сервер запущен, что адрес и порт в ${p.setting}.url верны и что сетевой экран пропускает соединение.`,
    (p) => `[${p.method}][${p.address}]: connection refused (${p.detail}). Check that the server is running, that the address and port in ${p.setting}.url are right and that no firewall blocks the connection.`,
  ),
  dropped: text<{ method: string; address: string; detail: string }>(
    (p) => `[${p.method}][${p.address}]: соединение разорвано до получения полного ответа (${p.detail}). Сервер или сеть оборвали связь; проверьте сеть и журнал сервера.`,
    (p) => `[${p.method}][${p.address}]: the connection was closed before the whole answer arrived (${p.detail}). The server or the network cut it; check the network and the server's log.`,
  ),
  timeout: text<{ method: string; address: string; seconds: number; setting: string }>(
    (p) => `[${p.method}][${p.address}]: нет ответа за ${p.seconds} с. Сервер перегружен или сеть медленная; при необходимости увеличьте ${p.setting}.timeout_seconds.`,
    (p) => `[${p.method}][${p.address}]: no answer within ${p.seconds} s. The server is overloaded or the network slow; raise ${p.setting}.timeout_seconds if needed.`,
  ),
  tls: text<{ method: string; address: string; detail: string; setting: string }>(
    (p) => `[${p.method}][${p.address}]: ошибка TLS (${p.detail}). Если сертификат сервера выдан российским УЦ (Russian Trusted Root CA), укажите файл корневого сертификата в ${p.setting}.tls_ca_file; если сервер требует сертификат клиента — ${p.setting}.tls_cert_file и ${p.setting}.tls_key_file; для ГОСТ-TLS нужен локальный туннель (см. README, «Сеть»).`,
    (p) => `[${p.method}][${p.address}]: TLS failed (${p.detail}). If the server's certificate comes from a Russian CA (Russian Trusted Root CA), put the root certificate's file in ${p.setting}.tls_ca_file; if the server wants a client certificate, set ${p.setting}.tls_cert_file and ${p.setting}.tls_key_file; a GOST-TLS site needs a local tunnel (see the README, "Network").`,
  ),
  httpStatus: text<{ method: string; address: string; status: number; reason: string }>(
    (p) => `[${p.method}][${p.address}]: сервер ответил кодом ${p.status}${p.reason ? ` (${p.reason})` : ""}.`,
    (p) => `[${p.method}][${p.address}]: the server answered with status ${p.status}${p.reason ? ` (${p.reason})` : ""}.`,
  ),
  format: text<{ method: string; address: string; detail: string }>(
    (p) => `[${p.method}][${p.address}]: ответ не удалось разобрать: ${p.detail}.`,
    (p) => `[${p.method}][${p.address}]: the answer could not be read: ${p.detail}.`,
  ),
  truncated: text<{ bytes: number }>(
    (p) => `ответ обрывается на ${p.bytes}-м байте (JSON не закончен)`,
    (p) => `the answer stops after ${p.bytes} bytes (the JSON is not finished)`,
  ),
  tooLarge: text<{ bytes: number }>(
    (p) => `ответ длиннее ожидаемых ${p.bytes} байт`,
    (p) => `the answer is longer than the expected ${p.bytes} bytes`,
  ),
  notJson: text<{ detail: string }>((p) => `это не JSON (${p.detail})`, (p) => `it is not JSON (${p.detail})`),
  emptyBody: text("пустой ответ", "an empty answer"),
  notUtf8: text("ответ не в кодировке UTF-8", "the answer is not UTF-8 text"),
  badCompression: text<{ detail: string }>(
    (p) => `сжатый ответ повреждён (${p.detail})`,
    (p) => `the compressed answer is damaged (${p.detail})`,
  ),
  afterAttempts: text<{ attempts: number }>((p) => `попыток: ${p.attempts}`, (p) => `attempts: ${p.attempts}`),
  tlsVerifyOff: text<{ setting: string }>(
    (p) => `${p.setting}.tls_verify = false: проверка сертификата сервера отключена, соединение не защищено от подмены сервера. Включите проверку и укажите корневой сертификат в ${p.setting}.tls_ca_file.`,
    (p) => `${p.setting}.tls_verify = false: the server's certificate is not checked, so nothing stops another machine from posing as the server. Turn checking on and put the root certificate in ${p.setting}.tls_ca_file.`,
  ),
  clockSkew: text<{ address: string; minutes: number; serverTime: string }>(
    (p) => `Часы этой машины расходятся с часами сервера ${p.address} на ${p.minutes} мин (время сервера: ${p.serverTime} UTC). От точного времени зависят подписи, журналы и расписание: настройте синхронизацию времени (NTP).`,
    (p) => `This machine's clock is ${p.minutes} min off the clock of the server ${p.address} (server time: ${p.serverTime} UTC). Signatures, logs and schedules depend on the right time: set up time synchronisation (NTP).`,
  ),
  fileUnreadable: text<{ setting: string; path: string; detail: string }>(
    (p) => `${p.setting}: не удалось прочитать файл ${p.path} (${p.detail}). Проверьте путь и права доступа.`,
    (p) => `${p.setting}: could not read the file ${p.path} (${p.detail}). Check the path and its permissions.`,
  ),
  notPemCertificate: text<{ setting: string; path: string }>(
    (p) => `${p.setting}: файл ${p.path} — не сертификат в формате PEM (нет строки «-----BEGIN CERTIFICATE-----»). Сертификат в формате DER преобразуйте так: openssl x509 -inform der -in ${p.path} -out ${p.path}.pem`,
    (p) => `${p.setting}: the file ${p.path} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line). Convert a DER certificate with: openssl x509 -inform der -in ${p.path} -out ${p.path}.pem`,
  ),
  notPemKey: text<{ setting: string; path: string }>(
    (p) => `${p.setting}: файл ${p.path} — не закрытый ключ в формате PEM (нет строки «-----BEGIN … PRIVATE KEY-----»).`,
    (p) => `${p.setting}: the file ${p.path} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line).`,
  ),
  keyWithoutCertificate: text<{ setting: string }>(
    (p) => `задан ${p.setting}.tls_key_file, но не задан ${p.setting}.tls_cert_file: укажите сертификат клиента`,
    (p) => `${p.setting}.tls_key_file is set but ${p.setting}.tls_cert_file is not: give the client certificate too`,
  ),
  proxyUserWithoutProxy: text<{ setting: string }>(
    (p) => `задан ${p.setting}.proxy_user, но не задан ${p.setting}.proxy: укажите адрес прокси-сервера`,
    (p) => `${p.setting}.proxy_user is set but ${p.setting}.proxy is not: give the proxy's address`,
  ),
});
