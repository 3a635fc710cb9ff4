// The plugin's one client of `libero serve`: HTTP with the token (the main process holds it;
// the page never sees it except through the cookie the service sets).

/** @param {{url: string, token: string}} connection */
export function serviceClient(connection) {
  const base = connection.url.replace(/\/+$/, '');
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        Authorization: `Bearer ${connection.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const error = data?.error ?? { code: `HTTP_${res.status}`, message: res.statusText };
      throw Object.assign(new Error(error.message), { api: error });
    }
    return data;
  };
  return {
    health: () => call('GET', '/api/health'),
    project: () => call('GET', '/api/project'),
    paths: () => call('GET', '/api/paths'),
    regenerate: (shotId, overrides) =>
      call('POST', `/api/shots/${encodeURIComponent(shotId)}/regenerate`, overrides ?? {}),
    /** The panel URL that logs the page in (sets the cookie, then drops the token from the URL). */
    panelUrl: () => `${base}/?token=${encodeURIComponent(connection.token)}`,
  };
}
