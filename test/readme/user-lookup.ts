import { configError, defineFilter, Status } from '@streamfilter/core';

/** Adds `x-user-name` from a user directory. Async by default: the chain awaits the hook. */
export const userLookup = defineFilter({
  name: 'userLookup',
  parse(options: { directoryUrl: string }) {
    if (!URL.canParse(options?.directoryUrl)) {
      throw configError(
        'userLookup',
        'directoryUrl',
        'must be an absolute URL',
        options?.directoryUrl,
      );
    }
    return { directoryUrl: new URL(options.directoryUrl) };
  },
  create: (config, callbacks) => ({
    async decodeHeaders(headers) {
      const id = headers.get('x-user-id');
      if (id === undefined) return Status.Continue;
      // The signal aborts the call when the client goes away.
      const url = new URL(encodeURIComponent(id), config.directoryUrl);
      const res = await fetch(url, { signal: callbacks.signal });
      if (res.status === 404) {
        callbacks.sendLocalReply(403, 'unknown user\n');
        return Status.LocalReply;
      }
      if (!res.ok) throw new Error(`directory answered ${res.status}`); // the client gets a 500
      const user = (await res.json()) as { name: string };
      headers.set('x-user-name', user.name);
      return Status.Continue;
    },
  }),
});
