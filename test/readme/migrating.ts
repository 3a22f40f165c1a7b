import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import express from 'express';

const app = express();

// Was: app.use(expressBasicAuth({ users: { admin: 'supersecret' }, unauthorizedResponse: ... }))
app.use(
  filterChain([
    basicAuth({
      users: { admin: 'supersecret' },
      challenge: false, // express-basic-auth's default; ours sends the challenge
      unauthorizedResponse: (_req, reason) =>
        reason === 'missing' ? 'No credentials provided' : 'Credentials rejected',
    }),
  ]),
);
app.get('/', (req, res) => {
  res.send(`hello ${req.auth?.user}`); // req.auth.user, as with express-basic-auth
});

export { app };
