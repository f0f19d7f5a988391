/** A caller of a simulator's admin port (JSON in, JSON out); a non-2xx answer fails the test with its body. */
export function adminOf(adminUrl: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const r = await fetch(`${adminUrl()}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}
