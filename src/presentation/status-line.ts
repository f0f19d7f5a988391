import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { ServiceStatus } from "../api/agent-api.ts";

/** Where the UI's service runs: attached to `agent run`, or started in this window. */
export type UiMode = { kind: "attached" } | { kind: "in-process" };

/**
 * The status line: the manual's `Статус сервера: Работает | Подключено
 * клиентов: N`, where the service runs (quitting this window stops one
 * started here), then what the data depends on — the main DB (open, missing,
 * not connected) and the ЦОД with whether it answered last time — and the
 * version last: a narrow terminal cuts the end of the line. Without a status (the channel closed) it says there is no
 * connection.
 */
export function statusLine(status: ServiceStatus | undefined, mode: UiMode): string {
  if (!status) return say(T.statusLost);
  const answer = status.codAnswered
    ? say(status.codAnswered.ok ? T.codAnswered : T.codNotAnswered, { at: formatManual(status.codAnswered.at, status.zone) })
    : say(T.codNoData);
  const mainDb =
    status.mainDb === "absent"
      ? say(T.statusMainDbAbsent)
      : status.mainDb === "closed"
        ? say(T.statusMainDbClosed, { engine: status.mainDbEngine })
        : say(T.statusMainDb, { engine: status.mainDbEngine });
  return [
    say(T.statusServer, { clients: status.clients }),
    mode.kind === "in-process" ? say(T.modeInProcess) : say(T.modeAttached, { pid: status.pid }),
    mainDb,
    status.codUrl ? say(T.statusCod, { url: status.codUrl, answer }) : say(T.statusCodNone),
    say(T.statusVersion, { version: status.version }),
  ].join(" | ");
}
