import { authorityOf, originForm } from '@streamfilter/node';
import { expect } from 'chai';

describe('originForm() and authorityOf()', () => {
  const cases: [string, string, string][] = [
    ['/admin?x=1', '/admin?x=1', ''],
    ['http://127.0.0.1/admin', '/admin', 'http://127.0.0.1'],
    ['http://127.0.0.1:8080/a/b?c=d', '/a/b?c=d', 'http://127.0.0.1:8080'],
    ['https://example.test', '/', ''],
    ['http://example.test?x=1', '/?x=1', ''],
    ['/search?next=http://elsewhere/x', '/search?next=http://elsewhere/x', ''],
    ['*', '*', ''],
  ];
  for (const [target, path, authority] of cases) {
    it(`routes ${JSON.stringify(target)} on ${JSON.stringify(path)}`, () => {
      expect(originForm(target)).to.equal(path);
      expect(authorityOf(target)).to.equal(authority);
    });
  }
});
