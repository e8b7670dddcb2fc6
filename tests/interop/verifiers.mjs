// Independent verifiers run against a live Accredo server.
//
// Usage: node verifiers.mjs < request.json > report.json
//
// request: {
//   "server": "http://127.0.0.1:PORT",          the server under test
//   "pinned": {"<context or schema URL>": "<file>"},  static spec files, served locally
//   "cases": [{"name": "...", "ldp": {credential} | null, "jwt": "<compact JWS>" | null}],
//   "aliases": ["https://old-issuer.test", ...]   optional: other origins of the same server
// }
//
// Every URL the verifiers dereference goes through globalThis.fetch, which this script wraps:
// a URL on the server under test is fetched from it over HTTP (keys, issuer profile, status
// lists: nothing is made up here); a URL listed in "pinned" (JSON-LD contexts, the OB JSON
// Schema) is answered from that file, because tests may not reach the internet; anything else
// is refused. A URL under one of the "aliases" (a previous origin whose DNS name points at the
// server, after `accredo issuer move`) is fetched from the server too, with the alias's host
// in the Host header, as a request to that DNS name would arrive. The report lists, per case and verifier, every server URL that was fetched, so the
// caller can check that keys and status lists really came from the server, and the pinned files
// that a verifier's own loader asked the network for (pinnedServed).
//
// Verifiers (versions pinned in package.json):
//   digitalbazaar: @digitalbazaar/vc verifyCredential with DataIntegrityProof(eddsa-rdfc-2022)
//                  and @digitalbazaar/vc-bitstring-status-list checkStatus;
//   dcc:           @digitalcredentials/verifier-core verifyCredential (its own document loader
//                  and status checker; VerifierPlus and the Learner Credential Wallet use it);
//   jose:          jose jwtVerify of the VC-JWT with the JWK fetched from the header's kid (as
//                  the 1EdTech validator does), then the Digital Bazaar status check on its payload.
import {readFile} from 'node:fs/promises';
import http from 'node:http';

const request = JSON.parse(await readStdin());
const server = new URL(request.server).origin;
const pinned = new Map();
for(const [url, file] of Object.entries(request.pinned)) {
  pinned.set(url, JSON.parse(await readFile(file, 'utf8')));
}

const aliases = new Set((request.aliases ?? []).map(alias => new URL(alias).origin));

// fetch() may not set Host, so an alias is fetched with node:http: the server's address, the
// alias's Host, and the answer handed back as a fetch Response.
function fetchAsAlias(resource, url, init) {
  const target = new URL(url);
  const address = new URL(server);
  // a Request carries its own headers and method (ky, in verifier-core, sends one)
  const given = resource instanceof Request ? resource : null;
  const headers = Object.fromEntries(
    new Headers(init?.headers ?? given?.headers ?? {}).entries());
  return new Promise((resolve, reject) => {
    const sent = http.request({
      host: address.hostname,
      port: address.port,
      path: target.pathname + target.search,
      method: init?.method ?? given?.method ?? 'GET',
      headers: {...headers, host: target.host}
    }, answer => {
      const chunks = [];
      answer.on('data', chunk => chunks.push(chunk));
      answer.on('end', () => resolve(new Response(Buffer.concat(chunks), {
        status: answer.statusCode,
        headers: Object.entries(answer.headers).map(([k, v]) => [k, String(v)])
      })));
      answer.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

const fetched = [];
let who = 'setup';
const networkFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = typeof resource === 'string' ? resource :
    resource instanceof URL ? resource.href : resource.url;
  let origin = null;
  try {
    origin = new URL(url).origin;
  } catch {
    // not a URL: refused below
  }
  if(origin === server) {
    fetched.push({who, url, pinned: false});
    return networkFetch(resource, init);
  }
  if(aliases.has(origin)) {
    fetched.push({who, url, pinned: false});
    return fetchAsAlias(resource, url, init);
  }
  if(pinned.has(url)) {
    fetched.push({who, url, pinned: true});
    return new Response(JSON.stringify(pinned.get(url)), {
      status: 200, headers: {'content-type': 'application/ld+json'}
    });
  }
  throw new TypeError(`refused: ${url} is not on the server under test nor pinned`);
};

// imported only now, so that every library sees the wrapped fetch
const vc = await import('@digitalbazaar/vc');
const {DataIntegrityProof} = await import('@digitalbazaar/data-integrity');
const {cryptosuite: eddsaRdfc2022} =
  await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const bitstring = await import('@digitalbazaar/vc-bitstring-status-list');
const verifierCore = await import('@digitalcredentials/verifier-core');
const jose = await import('jose');

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

async function documentLoader(url) {
  if(pinned.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(pinned.get(url))};
  }
  const response = await fetch(url, {
    headers: {accept: 'application/ld+json, application/json'}
  });
  if(!response.ok) {
    throw new Error(`GET ${url} answered HTTP ${response.status}`);
  }
  return {contextUrl: null, documentUrl: url, document: await response.json()};
}

function message(error) {
  if(!error) {
    return null;
  }
  const nested = error.errors ?? (error.cause ? [error.cause] : []);
  const inner = nested.map(e => e?.message ?? String(e)).filter(Boolean);
  return [error.message ?? String(error), ...inner].join(' | ');
}

async function statusOf(credential) {
  // Digital Bazaar's status list checker: fetches the list from the server, verifies its proof
  // and issuer, and returns the bit per status purpose.
  const result = await bitstring.checkStatus({credential, documentLoader, suite});
  const statuses = {};
  for(const entry of result.results ?? []) {
    statuses[entry.credentialStatus.statusPurpose] = entry.status === true;
  }
  return {statusVerified: result.verified === true, statuses, error: message(result.error)};
}

async function digitalbazaar(credential) {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus: bitstring.checkStatus
  });
  const statuses = {};
  for(const entry of result.statusResult?.results ?? []) {
    statuses[entry.credentialStatus.statusPurpose] = entry.status === true;
  }
  const error = result.error ?? result.statusResult?.error ??
    result.results?.find(r => r.error)?.error;
  const anySet = Object.values(statuses).some(Boolean);
  return {
    verified: result.verified === true && !anySet,
    proofVerified: result.results?.every(r => r.verified) ?? false,
    statuses,
    error: message(error)
  };
}

async function dcc(credential) {
  const result = await verifierCore.verifyCredential({credential, knownDIDRegistries: []});
  if(result.errors) {
    return {
      verified: false,
      fatal: result.errors.map(e => e.name),
      error: result.errors.map(e => `${e.name}: ${e.message}`).join(' | ')
    };
  }
  const steps = Object.fromEntries((result.log ?? []).map(step => [step.id, step.valid]));
  const statuses = {};
  for(const [id, valid] of Object.entries(steps)) {
    if(id.endsWith('_status')) {
      statuses[id.slice(0, -'_status'.length)] = valid === false;
    }
  }
  const schema = (result.additionalInformation ?? []).find(i => i.id === 'schema_check');
  const schemaResults = Array.isArray(schema?.results) ? schema.results : [];
  return {
    // registered_issuer is false for every issuer not in a DCC registry: not a failure here
    verified: steps.valid_signature === true && steps.expiration !== false &&
      !Object.values(statuses).some(Boolean),
    signature: steps.valid_signature ?? null,
    expired: steps.expiration === false,
    statuses,
    registeredIssuer: steps.registered_issuer ?? null,
    schemaValid: schemaResults.length ? schemaResults.every(r => r.result?.valid) : null,
    error: null
  };
}

async function joseJwt(token) {
  let payload;
  try {
    const header = jose.decodeProtectedHeader(token);
    // like the 1EdTech validator: a plain GET of the kid URL, the body read as a bare JWK
    const response = await fetch(header.kid);
    if(!response.ok) {
      throw new Error(`GET ${header.kid} answered HTTP ${response.status}`);
    }
    const jwk = await response.json();
    const key = await jose.importJWK(jwk, header.alg);
    ({payload} = await jose.jwtVerify(token, key, {
      algorithms: ['ES256'],
      typ: 'JWT',
      requiredClaims: ['iss', 'sub', 'jti', 'nbf']
    }));
  } catch(error) {
    return {verified: false, code: error.code ?? error.name, error: message(error)};
  }
  const status = await statusOf(payload);
  return {
    verified: status.statusVerified && !Object.values(status.statuses).some(Boolean),
    statuses: status.statuses,
    error: status.error
  };
}

async function run(name, verifier, fn, input) {
  who = `${name}/${verifier}`;
  try {
    return await fn(input);
  } catch(error) {
    return {verified: false, error: `threw: ${message(error)}`};
  } finally {
    who = 'idle';
  }
}

const results = {};
for(const {name, ldp, jwt} of request.cases) {
  const outcome = {};
  if(ldp) {
    outcome.digitalbazaar = await run(name, 'digitalbazaar', digitalbazaar, ldp);
    outcome.dcc = await run(name, 'dcc', dcc, ldp);
  }
  if(jwt) {
    outcome.jose = await run(name, 'jose', joseJwt, jwt);
  }
  for(const [verifier, report] of Object.entries(outcome)) {
    const mine = fetched.filter(f => f.who === `${name}/${verifier}`);
    report.fetched = mine.filter(f => !f.pinned).map(f => f.url);
    // what the verifier's own loader would have fetched from the internet (contexts, schema)
    report.pinnedServed = [...new Set(mine.filter(f => f.pinned).map(f => f.url))];
  }
  results[name] = outcome;
}
process.stdout.write(JSON.stringify({results}) + '\n');

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
