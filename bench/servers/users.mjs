// The one user every auth scenario knows, and the header autocannon sends.
export const users = { foo: 'bar' };
export const authorization = `Basic ${Buffer.from('foo:bar').toString('base64')}`;
