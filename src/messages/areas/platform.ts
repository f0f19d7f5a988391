import { defineTexts, text } from "../text.ts";

/** Texts about the machine: support checks, the data folder, the instance lock. */
export const platformTexts = defineTexts("platform", {
  unsupportedOs: text<{ os: string }>(
    (p) => `Операционная система ${p.os} не поддерживается: агент работает на Linux x64 и Windows x64 (см. README, «Поддерживаемые системы»).`,
    (p) => `The operating system ${p.os} is not supported: the agent runs on Linux x64 and Windows x64 (see the README, "Support matrix").`,
  ),
  unsupportedArch: text<{ arch: string }>(
    (p) => `Архитектура процессора ${p.arch} не поддерживается: нужна x64 (amd64).`,
    (p) => `The CPU architecture ${p.arch} is not supported: x64 (amd64) is required.`,
  ),
  kernelTooOld: text<{ release: string }>(
    (p) => `Ядро Linux ${p.release} слишком старое: нужно не ниже 3.10 (RHEL/CentOS 7), рекомендуется 5.6 и новее.`,
    (p) => `Linux kernel ${p.release} is too old: 3.10 (RHEL/CentOS 7) is the minimum, 5.6 or newer is recommended.`,
  ),
  kernelOld: text<{ release: string }>(
    (p) => `Ядро Linux ${p.release} старше рекомендованного 5.6: агент работает, но часть системных вызовов заменена более медленными.`,
    (p) => `Linux kernel ${p.release} is older than the recommended 5.6: the agent works, but some system calls fall back to slower ones.`,
  ),
  windowsTooOld: text<{ release: string }>(
    (p) => `Windows ${p.release} слишком старая: нужна Windows 10 версии 1809 / Windows Server 2019 (сборка 17763) или новее.`,
    (p) => `Windows ${p.release} is too old: Windows 10 version 1809 / Windows Server 2019 (build 17763) or newer is required.`,
  ),
  needsBaseline: text<{ file: string }>(
    (p) => `Процессор не поддерживает инструкции AVX2, нужные этой сборке. Используйте сборку для старых процессоров: ${p.file}.`,
    (p) => `This CPU lacks the AVX2 instructions this build needs. Use the build for older CPUs: ${p.file}.`,
  ),
  notSupportedPrefix: text("Агент не может работать на этой машине:", "The agent cannot run on this machine:"),
  dataDirMissing: text<{ dir: string }>(
    (p) => `Папка данных ${p.dir} не существует. Создайте её (mkdir -p ${p.dir}) или исправьте настройку data_dir.`,
    (p) => `The data folder ${p.dir} does not exist. Create it (mkdir -p ${p.dir}) or fix the setting data_dir.`,
  ),
  dataDirNotFolder: text<{ dir: string }>(
    (p) => `${p.dir} — не папка. Укажите в data_dir папку для данных агента.`,
    (p) => `${p.dir} is not a folder. Point data_dir at a folder for the agent's data.`,
  ),
  dataDirReadOnly: text<{ dir: string; user: string; detail: string }>(
    (p) => `В папку данных ${p.dir} нельзя записывать от имени пользователя ${p.user} (${p.detail}). Запускайте агент от имени пользователя службы или дайте ему права на запись.`,
    (p) => `The data folder ${p.dir} is not writable for the user ${p.user} (${p.detail}). Run the agent as the service's user or give it write access.`,
  ),
  diskFull: text<{ what: string }>(
    (p) => `Нет места на диске (${p.what}). Освободите место; данные агента не изменены.`,
    (p) => `The disk is full (${p.what}). Free some space; the agent's data was left as it was.`,
  ),
  lockHeld: text<{ instance: string; holder: string }>(
    (p) => `Хранилища экземпляра «${p.instance}» уже заняты другим агентом: ${p.holder}. Остановите его или запустите этот с другим --instance.`,
    (p) => `The stores of the instance "${p.instance}" are already owned by another agent: ${p.holder}. Stop it, or start this one with another --instance.`,
  ),
  lockHolder: text<{ pid: number; mode: string; since: string; host: string }>(
    (p) => `процесс ${p.pid} (${p.mode}) на ${p.host}, с ${p.since}`,
    (p) => `process ${p.pid} (${p.mode}) on ${p.host}, since ${p.since}`,
  ),
  lockHolderUnknown: text("процесс, не оставивший сведений о себе", "a process that left no record of itself"),
});
