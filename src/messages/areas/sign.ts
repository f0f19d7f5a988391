import { defineTexts, text } from "../text.ts";

/**
 * Texts of the signatures of PDF results (src/sign/): the signer's and
 * verifier's errors, and the reasons of a verdict. Every error names the
 * setting or file to look at; none ever holds a key password.
 */
export const signTexts = defineTexts("sign", {
  // ---- errors -----------------------------------------------------------------
  notConfigured: text<{ missing: string; engine: string }>(
    (p) => `Подпись PDF не настроена: для sign.engine = "${p.engine}" не заданы ${p.missing}. Укажите их в разделе [sign] (см. README, «Подписи»).`,
    (p) => `PDF signing is not set up: sign.engine = "${p.engine}" needs ${p.missing}. Set them in the [sign] section (see the README, "Signatures").`,
  ),
  tooLarge: text<{ what: string; mb: string; max: number }>(
    (p) => `${p.what}: размер ${p.mb} МБ больше допустимого (sign.max_pdf_mb = ${p.max}). Документ отложен; уменьшите PDF или увеличьте sign.max_pdf_mb.`,
    (p) => `${p.what}: ${p.mb} MB is more than allowed (sign.max_pdf_mb = ${p.max}). The document is parked; make the PDF smaller or raise sign.max_pdf_mb.`,
  ),
  fileUnreadable: text<{ setting: string; path: string; detail: string }>(
    (p) => `${p.setting}: не удалось прочитать файл ${p.path} (${p.detail}). Проверьте путь и права доступа.`,
    (p) => `${p.setting}: could not read the file ${p.path} (${p.detail}). Check the path and its permissions.`,
  ),
  noCertificateInFile: text<{ setting: string; path: string }>(
    (p) => `${p.setting}: в файле ${p.path} нет сертификата X.509 (ожидается PEM «-----BEGIN CERTIFICATE-----», DER или PKCS#12).`,
    (p) => `${p.setting}: the file ${p.path} holds no X.509 certificate (expected PEM "-----BEGIN CERTIFICATE-----", DER or PKCS#12).`,
  ),
  badCertificateFile: text<{ setting: string; path: string; detail: string }>(
    (p) => `${p.setting}: файл ${p.path} не читается как сертификат (${p.detail}).`,
    (p) => `${p.setting}: the file ${p.path} cannot be read as a certificate (${p.detail}).`,
  ),
  badCrlFile: text<{ path: string; detail: string }>(
    (p) => `sign.crl_file: файл ${p.path} не читается как список отзыва (CRL) в формате PEM или DER (${p.detail}).`,
    (p) => `sign.crl_file: the file ${p.path} cannot be read as a certificate revocation list (CRL) in PEM or DER (${p.detail}).`,
  ),
  noCrlBlock: text("нет блока «-----BEGIN X509 CRL-----»", 'no "-----BEGIN X509 CRL-----" block'),
  crlNotSigned: text<{ path: string; issuer: string }>(
    (p) => `sign.crl_file: список отзыва издателя «${p.issuer}» из файла ${p.path} не подписан этим издателем (подпись не сходится). Замените файл списком, полученным от удостоверяющего центра; до тех пор проверка подписей остановлена.`,
    (p) => `sign.crl_file: the revocation list of "${p.issuer}" in ${p.path} is not signed by that issuer (the signature does not match). Replace the file with the list from the certification authority; until then signatures are not checked.`,
  ),
  certificateExpired: text<{ subject: string; serial: string; notAfter: string }>(
    (p) => `Сертификат подписанта «${p.subject}» (серийный номер ${p.serial}) истёк ${p.notAfter}. Подписание остановлено: установите новый сертификат и ключ (sign.cert_file, sign.key_file).`,
    (p) => `The signer's certificate "${p.subject}" (serial ${p.serial}) expired on ${p.notAfter}. Signing stops: install a new certificate and key (sign.cert_file, sign.key_file).`,
  ),
  certificateNotYetValid: text<{ subject: string; serial: string; notBefore: string }>(
    (p) => `Сертификат подписанта «${p.subject}» (серийный номер ${p.serial}) начинает действовать только ${p.notBefore}. Проверьте часы этой машины или дождитесь этого времени.`,
    (p) => `The signer's certificate "${p.subject}" (serial ${p.serial}) is valid only from ${p.notBefore}. Check this machine's clock or wait until then.`,
  ),
  keyUnreadable: text<{ path: string; detail: string }>(
    (p) => `sign.key_file: закрытый ключ из файла ${p.path} не читается (${p.detail}). Нужен PEM (PKCS#8 или PKCS#1/SEC1) или PKCS#12 с ключом RSA или ECDSA.`,
    (p) => `sign.key_file: the private key in ${p.path} cannot be read (${p.detail}). A PEM (PKCS#8 or PKCS#1/SEC1) or PKCS#12 file with an RSA or ECDSA key is needed.`,
  ),
  wrongPassword: text<{ path: string }>(
    (p) => `sign.key_file: неверный пароль ключа ${p.path}. Задайте верный пароль в переменной окружения AGENT_SIGN_KEY_PASSWORD.`,
    (p) => `sign.key_file: wrong password for the key ${p.path}. Put the right password in the environment variable AGENT_SIGN_KEY_PASSWORD.`,
  ),
  pkcs12Unsupported: text<{ path: string; algorithm: string }>(
    (p) => `sign.key_file: файл ${p.path} зашифрован алгоритмом ${p.algorithm}, который встроенная подпись не поддерживает. Пересохраните его: openssl pkcs12 -legacy -in ${p.path} -nodes | openssl pkcs12 -export -out new.p12`,
    (p) => `sign.key_file: the file ${p.path} is encrypted with ${p.algorithm}, which the built-in signer does not support. Save it again: openssl pkcs12 -legacy -in ${p.path} -nodes | openssl pkcs12 -export -out new.p12`,
  ),
  keyNotForCertificate: text<{ path: string }>(
    (p) => `sign.key_file: ключ из ${p.path} не соответствует сертификату подписанта (sign.cert_file). Укажите ключ этого сертификата.`,
    (p) => `sign.key_file: the key in ${p.path} does not belong to the signer's certificate (sign.cert_file). Give the key of that certificate.`,
  ),
  keyAlgorithmUnsupported: text<{ algorithm: string }>(
    (p) => `Встроенная подпись работает с ключами RSA и ECDSA, а ключ — ${p.algorithm}. Для ключей ГОСТ используйте внешнюю программу: sign.engine = "external".`,
    (p) => `The built-in signer works with RSA and ECDSA keys, and this key is ${p.algorithm}. For GOST keys use an external program: sign.engine = "external".`,
  ),
  badTemplate: text<{ setting: string; detail: string }>(
    (p) => `${p.setting}: шаблон команды не разобран: ${p.detail}. Пример — в README, «Подписи».`,
    (p) => `${p.setting}: the command template cannot be read: ${p.detail}. See the example in the README, "Signatures".`,
  ),
  unknownPlaceholder: text<{ name: string; known: string }>(
    (p) => `неизвестная подстановка {${p.name}}; известны ${p.known}`,
    (p) => `unknown placeholder {${p.name}}; known are ${p.known}`,
  ),
  unbalancedQuote: text("не закрыта кавычка", "a quote is not closed"),
  unbalancedBracket: text("не закрыта квадратная скобка необязательной части", "a square bracket of an optional part is not closed"),
  requiredPlaceholder: text<{ name: string }>(
    (p) => `в шаблоне нет подстановки {${p.name}}: без неё программа не узнает, какой файл читать или писать`,
    (p) => `the template has no placeholder {${p.name}}: without it the program cannot know which file to read or write`,
  ),
  emptyTemplate: text("шаблон пуст", "the template is empty"),
  placeholderWithoutValue: text<{ name: string; setting: string }>(
    (p) => `подстановке {${p.name}} нечего подставить: не задан ${p.setting} (заключите эту часть в [ ], если она необязательна)`,
    (p) => `the placeholder {${p.name}} has no value: ${p.setting} is not set (put that part in [ ] if it is optional)`,
  ),
  toolTimeout: text<{ setting: string; program: string; seconds: number }>(
    (p) => `${p.setting}: программа ${p.program} не завершилась за ${p.seconds} с и остановлена. Проверьте, что она не ждёт ввода (PIN-код, окно выбора сертификата) и что носитель ключа подключён; при необходимости увеличьте sign.timeout_seconds.`,
    (p) => `${p.setting}: the program ${p.program} did not finish within ${p.seconds} s and was stopped. Check that it does not wait for input (a PIN, a certificate dialog) and that the key's token is plugged in; raise sign.timeout_seconds if needed.`,
  ),
  toolNotStarted: text<{ setting: string; program: string; detail: string }>(
    (p) => `${p.setting}: программа ${p.program} не запускается (${p.detail}). Проверьте путь к ней в шаблоне и права на запуск.`,
    (p) => `${p.setting}: the program ${p.program} cannot be started (${p.detail}). Check its path in the template and that it may be run.`,
  ),
  toolFailed: text<{ setting: string; program: string; code: number; stderr: string }>(
    (p) => `${p.setting}: программа ${p.program} завершилась с кодом ${p.code}${p.stderr ? `: ${p.stderr}` : " и ничего не сообщила"}.`,
    (p) => `${p.setting}: the program ${p.program} exited with code ${p.code}${p.stderr ? `: ${p.stderr}` : " and said nothing"}.`,
  ),
  toolNoSignature: text<{ program: string; detail: string }>(
    (p) => `sign.sign_command: программа ${p.program} завершилась успешно, но не оставила отсоединённую подпись CMS в файле {signature} (${p.detail}). Проверьте шаблон: подпись должна быть отсоединённой (openssl cms -sign без -nodetach, cryptcp -detached).`,
    (p) => `sign.sign_command: the program ${p.program} succeeded but left no detached CMS signature in the file {signature} (${p.detail}). Check the template: the signature must be detached (openssl cms -sign without -nodetach, cryptcp -detached).`,
  ),
  cancelled: text("подпись прервана: задача остановлена", "signing was interrupted: the task was stopped"),
  workFiles: text<{ detail: string }>(
    (p) => `не удалось записать временные файлы подписи (${p.detail}); проверьте место на диске и папку временных файлов`,
    (p) => `could not write the signature's temporary files (${p.detail}); check the free disk space and the temporary folder`,
  ),
  // what the tooLarge message names
  whatOutgoing: text<{ id: string }>((p) => `PDF документа ${p.id} к отправке`, (p) => `the PDF of document ${p.id} to send`),
  whatIncoming: text<{ id: string }>((p) => `Полученный PDF документа ${p.id}`, (p) => `The received PDF of document ${p.id}`),

  // ---- verdict reasons ----------------------------------------------------------
  malformed: text<{ detail: string }>(
    (p) => `подпись не читается как CMS SignedData (${p.detail})`,
    (p) => `the signature cannot be read as a CMS SignedData (${p.detail})`,
  ),
  derProblem: text<{ what: string; problem: string; offset: number }>(
    (p) => `${p.what}: ${p.problem === "truncated" ? "данные обрываются" : p.problem === "tooDeep" ? "слишком глубокая вложенность" : p.problem === "trailing" ? "лишние данные в конце" : p.problem === "badLength" ? "неверная длина" : "неожиданный элемент"} (байт ${p.offset})`,
    (p) => `${p.what}: ${p.problem === "truncated" ? "the data stops short" : p.problem === "tooDeep" ? "nested too deep" : p.problem === "trailing" ? "extra data at the end" : p.problem === "badLength" ? "a wrong length" : "an unexpected element"} (byte ${p.offset})`,
  ),
  notDetached: text(
    "подпись содержит документ внутри себя, а нужна отсоединённая подпись к присланному PDF",
    "the signature holds a document inside itself; a detached signature of the PDF sent is needed",
  ),
  wrongContentType: text<{ got: string }>(
    (p) => `подписано содержимое типа ${p.got}, а не данные (id-data)`,
    (p) => `the signed content is of type ${p.got}, not data (id-data)`,
  ),
  digestMismatch: text(
    "PDF изменён после подписания: его хеш не совпадает с подписанным (messageDigest)",
    "the PDF was changed after it was signed: its hash does not match the signed one (messageDigest)",
  ),
  badSignature: text(
    "подпись не сходится с PDF и сертификатом подписанта (документ или подпись изменены)",
    "the signature does not match the PDF and the signer's certificate (the document or the signature was changed)",
  ),
  noSignerCertificate: text(
    "в подписи нет сертификата подписанта, и его нет среди доверенных",
    "the signature carries no signer's certificate, and it is not among the trusted ones",
  ),
  unsupportedAlgorithm: text<{ algorithm: string }>(
    (p) => `алгоритм ${p.algorithm} встроенной проверкой не поддерживается; для ГОСТ используйте внешнюю программу (sign.engine = "external")`,
    (p) => `the algorithm ${p.algorithm} is not supported by the built-in verifier; for GOST use an external program (sign.engine = "external")`,
  ),
  selfSigned: text<{ subject: string }>(
    (p) => `сертификат подписанта «${p.subject}» самоподписанный и не входит в доверенные корневые (sign.trusted_roots_file)`,
    (p) => `the signer's certificate "${p.subject}" is self-signed and not one of the trusted roots (sign.trusted_roots_file)`,
  ),
  untrustedRoot: text<{ subject: string }>(
    (p) => `цепочка сертификатов заканчивается на «${p.subject}», которого нет среди доверенных корневых (sign.trusted_roots_file)`,
    (p) => `the certificate chain ends at "${p.subject}", which is not one of the trusted roots (sign.trusted_roots_file)`,
  ),
  issuerNotFound: text<{ subject: string; issuer: string }>(
    (p) => `для сертификата «${p.subject}» не найден издатель «${p.issuer}» ни среди доверенных корневых, ни в подписи`,
    (p) => `the issuer "${p.issuer}" of the certificate "${p.subject}" is found neither among the trusted roots nor in the signature`,
  ),
  chainTooLong: text("цепочка сертификатов слишком длинная (больше 10 звеньев) или зациклена", "the certificate chain is too long (more than 10 links) or loops"),
  certificateBadSignature: text<{ subject: string; issuer: string }>(
    (p) => `сертификат «${p.subject}» не подписан издателем «${p.issuer}» (подпись сертификата не сходится)`,
    (p) => `the certificate "${p.subject}" is not signed by its issuer "${p.issuer}" (the certificate's signature does not match)`,
  ),
  issuerNotCa: text<{ subject: string }>(
    (p) => `сертификат «${p.subject}» не является сертификатом удостоверяющего центра, но выдал другой сертификат`,
    (p) => `the certificate "${p.subject}" is not a certification authority's, yet it issued another certificate`,
  ),
  notForSigning: text<{ subject: string }>(
    (p) => `сертификат «${p.subject}» не предназначен для электронной подписи (keyUsage)`,
    (p) => `the certificate "${p.subject}" is not meant for signing (keyUsage)`,
  ),
  expiredAt: text<{ subject: string; notAfter: string; at: string }>(
    (p) => `сертификат «${p.subject}» истёк ${p.notAfter}, а подпись сделана ${p.at}`,
    (p) => `the certificate "${p.subject}" expired on ${p.notAfter}, and the signature was made on ${p.at}`,
  ),
  notYetValidAt: text<{ subject: string; notBefore: string; at: string }>(
    (p) => `сертификат «${p.subject}» действует только с ${p.notBefore}, а подпись сделана ${p.at}`,
    (p) => `the certificate "${p.subject}" is valid only from ${p.notBefore}, and the signature was made on ${p.at}`,
  ),
  signingTimeInFuture: text<{ at: string }>(
    (p) => `время подписания ${p.at} — в будущем (часы подписавшей машины или этой неверны)`,
    (p) => `the signing time ${p.at} lies in the future (the signing machine's clock or this one's is wrong)`,
  ),
  revoked: text<{ subject: string; serial: string; date: string }>(
    (p) => `сертификат «${p.subject}» (серийный номер ${p.serial}) отозван ${p.date} (sign.crl_file)`,
    (p) => `the certificate "${p.subject}" (serial ${p.serial}) was revoked on ${p.date} (sign.crl_file)`,
  ),
  rejectedByVerifier: text<{ program: string; code: number; stderr: string }>(
    (p) => `внешняя программа проверки ${p.program} отвергла подпись (код ${p.code})${p.stderr ? `: ${p.stderr}` : ""}`,
    (p) => `the external verifier ${p.program} rejected the signature (code ${p.code})${p.stderr ? `: ${p.stderr}` : ""}`,
  ),
  // ---- verdict notes: what was not checked, and why -----------------------------
  noSigningTime: text<{ at: string }>(
    (p) => `в подписи нет времени подписания (signingTime): сертификаты проверены на момент проверки, ${p.at}`,
    (p) => `the signature has no signing time (signingTime): the certificates were checked at the time of verification, ${p.at}`,
  ),
  noCrlConfigured: text("отзыв сертификатов не проверялся: sign.crl_file не задан", "revocation was not checked: sign.crl_file is not set"),
  noCrlForIssuer: text<{ issuer: string }>(
    (p) => `в sign.crl_file нет списка отзыва издателя «${p.issuer}»: отзыв не проверен`,
    (p) => `sign.crl_file has no revocation list of "${p.issuer}": revocation was not checked`,
  ),
  crlOutdated: text<{ issuer: string; nextUpdate: string }>(
    (p) => `список отзыва издателя «${p.issuer}» устарел (следующий выпуск ожидался ${p.nextUpdate}): обновите sign.crl_file`,
    (p) => `the revocation list of "${p.issuer}" is out of date (the next one was due on ${p.nextUpdate}): update sign.crl_file`,
  ),
  crlSignatureUnchecked: text<{ issuer: string; algorithm: string }>(
    (p) => `подпись списка отзыва издателя «${p.issuer}» (${p.algorithm}) агент не проверял: файл sign.crl_file принят как установленный администратором`,
    (p) => `the signature of the revocation list of "${p.issuer}" (${p.algorithm}) was not checked by the agent: the file sign.crl_file is taken as the administrator installed it`,
  ),
  chainCheckedExternally: text<{ algorithm: string }>(
    (p) => `подписи сертификатов (${p.algorithm}) проверены внешней программой, агент сверил имена, сроки и отзыв`,
    (p) => `the certificates' signatures (${p.algorithm}) were checked by the external program; the agent checked names, dates and revocation`,
  ),
});
