import { defineTexts, text } from "../text.ts";

/** Texts of the service as a whole: the control channel's access, the parts it starts. */
export const appTexts = defineTexts("app", {
  unknownAdminGroup: text<{ group: string }>(
    (p) => `Группа администраторов «${p.group}» (admin_group) не найдена: канал управления доступен только пользователю службы и root. Создайте группу или исправьте настройку.`,
    (p) => `The administrators' group "${p.group}" (admin_group) does not exist: the control channel is open to the service's user and root only. Create the group or fix the setting.`,
  ),
  adminGroupNotApplied: text<{ group: string; detail: string }>(
    (p) => `Не удалось открыть канал управления группе «${p.group}» (${p.detail}): доступ только у пользователя службы и root.`,
    (p) => `Could not open the control channel to the group "${p.group}" (${p.detail}): only the service's user and root have access.`,
  ),
  noChannelAccess: text<{ path: string }>(
    (p) => `Нет доступа к каналу управления службы (${p.path}). Войдите как пользователь службы или попросите включить вас в группу admin_group.`,
    (p) => `No access to the service's control channel (${p.path}). Log in as the service's user or ask to be added to the admin_group.`,
  ),
});
