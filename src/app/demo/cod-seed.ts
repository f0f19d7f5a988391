import type { DemoStreamItem } from "../../clinic/demo/stream-items.ts";
import { toWire } from "../../tasks/analysis-sync/map.ts";

/** Items per admin request: the simulator takes up to 100,000, a few thousand keep each request small. */
const CHUNK = 2_000;

/**
 * Seeds a ЦОД simulator's pull streams (its admin port, `POST /admin/items`)
 * for one МО, in the protocol's wire form; answers how many items went in.
 */
export async function seedStreams(adminUrl: string, moId: string, items: readonly DemoStreamItem[]): Promise<number> {
  const byStream = new Map<string, DemoStreamItem[]>();
  for (const item of items) byStream.set(item.stream, [...(byStream.get(item.stream) ?? []), item]);
  let seeded = 0;
  for (const [stream, list] of byStream) {
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK).map((it) => ({ id: it.id, changes: it.changes.map(toWire) }));
      const answer = await fetch(`${adminUrl}/admin/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mo_id: moId, stream, items: chunk }) });
      if (!answer.ok) throw new Error(`seeding ${stream}: ${answer.status} ${await answer.text()}`);
      seeded += chunk.length;
    }
  }
  return seeded;
}

/** Sets an executing МО's catalog in the simulator (`PUT /admin/catalog`). */
export async function seedCatalog(adminUrl: string, lab: string, analyses: readonly unknown[]): Promise<void> {
  const answer = await fetch(`${adminUrl}/admin/catalog`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ lab, analyses }) });
  if (!answer.ok) throw new Error(`catalog of ${lab}: ${answer.status} ${await answer.text()}`);
}
