// openid-client declares `openid-client/passport` only through package.json "exports", which the
// repository's `moduleResolution: node` does not read; at run time Node resolves it as usual.
declare module 'openid-client/passport' {
  export * from 'openid-client/build/passport';
}
