// Independent verifier for Accredo credentials, built only from Digital Bazaar libraries.
//
// Usage: node verify.mjs <credential.json> <controller-document.json> [<now ISO 8601>]
// Prints {"verified": true|false, "error": "..."} and exits 0 when verified, 1 when not,
// 2 on a usage error.
//
// Nothing is fetched: the document loader serves the JSON-LD contexts pinned in the
// Python package (credentials/contexts), the Multikey context shipped by npm, the given
// controller document and its verification methods. Any other URL is an error. Credential
// status is not checked here (the Python tests cover status lists); the controller document
// is passed to the proof purpose directly, so the library checks that it lists the proof's
// key under assertionMethod and that its id equals the credential issuer.
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';

const here = dirname(fileURLToPath(import.meta.url));
const pinnedContextDir = join(here, '..', '..', 'credentials', 'contexts');
const pinnedContextFiles = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json'
};

async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

async function buildDocuments(controller) {
  const documents = new Map();
  for(const [url, file] of Object.entries(pinnedContextFiles)) {
    documents.set(url, await readJson(join(pinnedContextDir, file)));
  }
  documents.set(multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT);
  documents.set(controller.id, controller);
  for(const method of controller.verificationMethod ?? []) {
    documents.set(method.id, {'@context': multikeyContext.CONTEXT_URL, ...method});
  }
  return documents;
}

async function main([credentialPath, controllerPath, now]) {
  if(!credentialPath || !controllerPath) {
    console.error('usage: node verify.mjs <credential.json> <controller.json> [now]');
    return 2;
  }
  const credential = await readJson(credentialPath);
  const controller = await readJson(controllerPath);
  const documents = await buildDocuments(controller);
  const documentLoader = async url => {
    if(!documents.has(url)) {
      throw new Error(`offline document loader: ${url} is not available`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: structuredClone(documents.get(url))
    };
  };
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    controller,
    documentLoader,
    checkStatus: async () => ({verified: true}),
    ...(now ? {now: new Date(now)} : {})
  });
  const error = result.error ?? result.results?.find(r => r.error)?.error;
  console.log(JSON.stringify({
    verified: result.verified === true,
    error: error ? String(error.message ?? error) +
      (error.errors ? ': ' + error.errors.map(e => e.message).join('; ') : '') : null
  }));
  return result.verified === true ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
