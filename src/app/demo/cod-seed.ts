import { demoStreamItems, type DemoStreamItem } from "../../clinic/demo/stream-items.ts";
import { BIOMATERIAL_TYPES, OTHER_MO, PANELS } from "../../clinic/demo/vocabulary.ts";
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

/** Referrals of what the ЦОД holds for the demo МО (documents from other МО). */
export const DEMO_COD_INCOMING = 40;
/** The МО's own referrals and results that get statuses from the ЦОД: ids the demo main DB (`agent db demo`) has. */
export const DEMO_OWN_REFERRALS = 15;
export const DEMO_OWN_RESULTS = 10;

/**
 * What the demo's ЦОД holds for an МО, seeded into a simulator: the six pull
 * streams from the demo generator (documents from other МО, statuses and
 * special marks of the МО's own referrals 1–15 and results 1–10) and the
 * catalogs of the executing МО. `agent demo` and `agent sim cod --demo-mo`
 * seed the same, so the README's commands show the same data.
 */
export async function seedDemoCod(adminUrl: string, moId: string, o: { now: number; zone: string; referrals?: number }): Promise<{ items: number; catalogs: number }> {
  const items = demoStreamItems({
    referrals: o.referrals ?? DEMO_COD_INCOMING,
    seed: 11,
    now: o.now,
    zone: o.zone,
    firstId: 50_000_000,
    ownReferrals: Array.from({ length: DEMO_OWN_REFERRALS }, (_, i) => i + 1),
    ownResults: Array.from({ length: DEMO_OWN_RESULTS }, (_, i) => i + 1),
  });
  const seeded = await seedStreams(adminUrl, moId, items);
  for (const [index, mo] of OTHER_MO.entries()) {
    const analyses = PANELS.slice(0, 6 - (index % 3)).map((p) => ({
      analysis_id: p.id,
      code: p.code,
      name: p.name,
      biomaterial: BIOMATERIAL_TYPES.find((b) => b[0] === p.biomaterial)?.[2] ?? null,
      days: p.bacteriology ? 5 : 1,
    }));
    await seedCatalog(adminUrl, String(mo[1]), analyses);
  }
  return { items: seeded, catalogs: OTHER_MO.length };
}
