// The certificate authority that signs device certificates (`POST /api/device/register`): nginx checks
// client certificates against it, and a certificate's subject `CN=Device, UID=<device uuid>` is how a device
// then authenticates (proxyHeaders.ts). The CA is the operator's (PEM files named by the configuration, as
// OpenTera's `ca_certificate` / `ca_private_key`) or, when none is configured, one generated the first time a
// device asks for a certificate and kept in the database, so that every node signs with the same CA and it
// survives restarts (OpenTera generates a throw-away CA only in test mode).
//
// What a device asks for in its CSR does not reach the certificate: the subject is always ours, and so are
// the extensions (OpenTera copies the requested ones, which lets a device obtain a CA certificate or one
// naming a server). Only the public key is taken, once the CSR's self-signature proves the device holds it.

// @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata API, loaded before it.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

// @peculiar/x509 signs and verifies through a process-wide WebCrypto provider: Node's.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const OID = { commonName: '2.5.4.3', userId: '0.9.2342.19200300.100.1.1' } as const;

/** A CSR the server refuses; the message is the reply's msgid. */
export class CsrRefused extends Error {
  override readonly name = 'CsrRefused';
}

/** A PKCS#10 request whose self-signature has been checked. */
export interface DeviceCsr {
  readonly request: x509.Pkcs10CertificateRequest;
}

export interface IssuedCertificate {
  /** The certificate, PEM. */
  pem: string;
  /** Its serial number, lowercase hex. */
  serial: string;
}

export interface CertificateAuthority {
  /** The CA certificate, PEM (OpenTera's `ca_info`). */
  certificatePem(): Promise<string>;
  /** A certificate for the device, valid from an hour before `now` for 3650 days, as OpenTera's. */
  issueDeviceCertificate(csr: DeviceCsr, deviceUuid: string, now: Date): Promise<IssuedCertificate>;
}

export interface CaFiles {
  certificateFile: string;
  privateKeyFile: string;
}

export interface CertificateAuthorityOptions {
  /** The operator's CA; without it, the CA kept in the database (generated once). */
  files?: CaFiles;
  /** Common name of a generated CA. */
  commonName?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEVICE_VALIDITY_DAYS = 3650;
// Longer than a device certificate, so that a certificate issued years after the CA was made still chains.
const GENERATED_CA_VALIDITY_DAYS = 30 * 365;
const CSR_PEM = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]*)-----END \1?CERTIFICATE REQUEST-----/;
const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]*-----END CERTIFICATE-----/;

/**
 * Reads a PEM CSR and checks its self-signature. Unreadable: `Invalid CSR`; readable but not signed by its own
 * key: `Invalid CSR signature` (OpenTera's message; OpenTera answers 500 for the unreadable one).
 */
export async function readDeviceCsr(body: Uint8Array | string): Promise<DeviceCsr> {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  const match = CSR_PEM.exec(text);
  if (!match) throw new CsrRefused('Invalid CSR');
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64'));
  } catch {
    throw new CsrRefused('Invalid CSR');
  }
  let valid: boolean;
  try {
    valid = await request.verify();
  } catch {
    // A key or signature algorithm WebCrypto cannot use: nothing we could sign for.
    throw new CsrRefused('Invalid CSR');
  }
  if (!valid) throw new CsrRefused('Invalid CSR signature');
  return { request };
}

/** The subject of every device certificate, in OpenTera's order and encoding (UTF8String). */
export function deviceSubject(deviceUuid: string): x509.Name {
  return new x509.Name([{ [OID.commonName]: [{ utf8String: 'Device' }] }, { [OID.userId]: [{ utf8String: deviceUuid }] }], { UID: OID.userId });
}

interface SigningCa {
  certificate: x509.X509Certificate;
  pem: string;
  key: webcrypto.CryptoKey;
  signingAlgorithm: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams | webcrypto.RsaHashedImportParams;
}

const EC_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** The WebCrypto algorithm that signs with SHA-256 for this key, or undefined when there is none. */
function signingAlgorithmOf(key: KeyObject): { importAs: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams; sign: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams } | undefined {
  if (key.asymmetricKeyType === 'rsa') return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } };
  const curve = key.asymmetricKeyType === 'ec' ? EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (curve) return { importAs: { name: 'ECDSA', namedCurve: curve }, sign: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams };
  return undefined;
}

function pemOf(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`;
}

/** A CA from PEM texts; `source` names where they came from in error messages. */
async function signingCa(certificatePem: string, privateKeyPem: string, source: { certificate: string; privateKey: string }): Promise<SigningCa> {
  const block = CERTIFICATE_PEM.exec(certificatePem)?.[0];
  let certificate: x509.X509Certificate;
  try {
    if (!block) throw new Error('no PEM certificate');
    certificate = new x509.X509Certificate(block);
  } catch (error) {
    throw new Error(`${source.certificate}: not a readable CA certificate (${(error as Error).message})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new Error(`${source.privateKey}: not a readable unencrypted private key (${(error as Error).message})`);
  }
  const algorithm = signingAlgorithmOf(privateKey);
  if (!algorithm) throw new Error(`${source.privateKey}: the CA key must be RSA or EC (P-256, P-384, P-521) to sign with SHA-256`);
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!Buffer.from(certificate.publicKey.rawData).equals(publicKey)) throw new Error(`${source.privateKey} is not the key of ${source.certificate}`);
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (constraints && !constraints.ca) throw new Error(`${source.certificate} is not a CA certificate (basicConstraints CA=false)`);
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, algorithm.importAs, false, ['sign']);
  return { certificate, pem: pemOf(certificate), key, signingAlgorithm: algorithm.sign };
}

/** A positive 159-bit serial (RFC 5280: at most 20 octets), as `x509.random_serial_number()`. */
function randomSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex');
}

async function generateCa(commonName: string, now: Date): Promise<{ certificate: string; privateKey: string }> {
  const keys = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const name = new x509.Name([{ [OID.commonName]: [{ utf8String: commonName }] }]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(now.getTime() - HOUR_MS),
    notAfter: new Date(now.getTime() + GENERATED_CA_VALIDITY_DAYS * DAY_MS),
    keys,
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const privateKey = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { certificate: pemOf(certificate), privateKey };
}

/** The CA kept in the database: the first node that needs one generates it; a concurrent one keeps the winner's. */
async function storedCa(database: Database, commonName: string): Promise<SigningCa> {
  const { db } = database;
  const read = async (): Promise<{ certificate: string; privateKey: string } | undefined> => {
    const stored = await db.selectFrom('certificate_authority').select(['certificate', 'private_key']).where('id', '=', 1).executeTakeFirst();
    return stored ? { certificate: String(stored.certificate), privateKey: String(stored.private_key) } : undefined;
  };
  let row = await read();
  if (!row) {
    const generated = await generateCa(commonName, new Date());
    await db
      .insertInto('certificate_authority')
      .values({ id: 1, certificate: generated.certificate, private_key: generated.privateKey })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = await read();
    if (!row) throw new Error('the certificate authority could not be stored');
  }
  return signingCa(row.certificate, row.privateKey, { certificate: 'certificate_authority.certificate', privateKey: 'certificate_authority.private_key' });
}

/**
 * The configured CA is read now, so that a bad file stops the server at start. The stored one is read (or
 * generated) when first needed: most servers never sign a certificate.
 */
export async function createCertificateAuthority(database: Database, options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
  let ca: Promise<SigningCa> | undefined;
  if (options.files) {
    const { certificateFile, privateKeyFile } = options.files;
    const read = async (file: string, key: string) => {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`Cannot read ${key} ${file}: ${(error as Error).message}`);
      }
    };
    const loaded = await signingCa(await read(certificateFile, 'caCertificateFile'), await read(privateKeyFile, 'caPrivateKeyFile'), {
      certificate: `caCertificateFile ${certificateFile}`,
      privateKey: `caPrivateKeyFile ${privateKeyFile}`,
    });
    ca = Promise.resolve(loaded);
  } else {
    // The one row holds a secret, like signing_keys: a table of its own, never an event. Nodes starting together
    // would race on `create table if not exists` (PostgreSQL then fails one with a duplicate pg_type row).
    await database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('tera:create:certificate_authority'))`.execute(trx);
      await sql`create table if not exists certificate_authority (
        id integer primary key check (id = 1), certificate text not null, private_key text not null,
        created_at timestamptz not null default now())`.execute(trx);
    });
  }
  const commonName = options.commonName ?? 'OpenTera Device CA';
  const current = (): Promise<SigningCa> => {
    // A failure (the database away) is not remembered: the next request tries again.
    ca ??= storedCa(database, commonName).catch((error: unknown) => {
      ca = undefined;
      throw error;
    });
    return ca;
  };

  return {
    async certificatePem() {
      return (await current()).pem;
    },
    async issueDeviceCertificate(csr, deviceUuid, now) {
      const issuer = await current();
      const caKeyId = issuer.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerial(),
        subject: deviceSubject(deviceUuid),
        issuer: issuer.certificate.subjectName,
        notBefore: new Date(now.getTime() - HOUR_MS),
        notAfter: new Date(now.getTime() + DEVICE_VALIDITY_DAYS * DAY_MS),
        publicKey: csr.request.publicKey,
        signingKey: issuer.key,
        signingAlgorithm: issuer.signingAlgorithm as Algorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
          await x509.SubjectKeyIdentifierExtension.create(csr.request.publicKey),
          caKeyId ? new x509.AuthorityKeyIdentifierExtension(caKeyId) : await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
        ],
      });
      return { pem: pemOf(certificate), serial: certificate.serialNumber.toLowerCase() };
    },
  };
}
