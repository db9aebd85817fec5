// Worker thread entry for certificate generation: a first start makes its CA and certificates
// here, so loading the ASN.1 libraries and signing overlap the rest of the start-up. (The bundled
// build runs the same service from its own file through the code cache: scripts/bundle.mjs.)
import { parentPort } from 'node:worker_threads';
import { serveCertRequests } from './cert-service.js';

serveCertRequests(parentPort!);
