import 'reflect-metadata';
import { createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import t from 'tap';
import { createCertificateAuthority, CsrRefused, OID, readDeviceCsr, type CertificateAuthority } from '../../../adapters/auth/certificateAuthority.js';
import { freshDatabase, NO_POSTGRES, postgresAdminUrl, realPostgres } from '../../helpers/database.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEVICE = '3b1f6a52-9d1e-4c3a-8f0e-2a7d5c9b1e44';
// Certificate times have whole seconds.
const NOW = new Date('2026-03-02T10:20:30.000Z');

// One database for the tests that do not care which CA it keeps (the generated one, or none: the files' CAs).
const shared = await freshDatabase(t);

const rsa = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };

async function keyPair(algorithm: typeof rsa | typeof ecdsa): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']));
}

/** A device's CSR, as a device library makes one: its own subject, maybe extensions it would like. */
async function csrPem(options: { keys?: CryptoKeyPair; name?: string; extensions?: x509.Extension[] } = {}): Promise<string> {
  const keys = options.keys ?? (await keyPair(ecdsa));
  const signingAlgorithm = keys.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const request = await x509.Pkcs10CertificateRequestGenerator.create({ name: options.name ?? 'CN=My Watch', keys, signingAlgorithm, extensions: options.extensions ?? [] });
  return request.toString('pem');
}

function subjectOf(certificate: x509.X509Certificate): string {
  return new x509.Name(certificate.subjectName.toArrayBuffer(), { UID: OID.userId }).toString();
}

async function issue(ca: CertificateAuthority, pem: string, uuid = DEVICE): Promise<x509.X509Certificate> {
  return new x509.X509Certificate((await ca.issueDeviceCertificate(await readDeviceCsr(pem), uuid, NOW)).pem);
}

async function refusal(pem: string | Uint8Array): Promise<string> {
  try {
    await readDeviceCsr(pem);
    return 'accepted';
  } catch (error) {
    return error instanceof CsrRefused ? error.message : `threw ${String(error)}`;
  }
}

t.test('given a CSR, when the generated CA signs it, then the device certificate OpenTera issues', async (t) => {
  const ca = await createCertificateAuthority(shared, { commonName: 'Test Server Device CA' });
  const keys = await keyPair(ecdsa);
  const issued = await ca.issueDeviceCertificate(await readDeviceCsr(await csrPem({ keys, name: 'CN=Somebody Else, O=Not Us' })), DEVICE, NOW);
  const certificate = new x509.X509Certificate(issued.pem);
  const caCertificate = new x509.X509Certificate(await ca.certificatePem());

  t.equal(subjectOf(certificate), `CN=Device, UID=${DEVICE}`, 'the CSR subject is ignored');
  t.equal(certificate.issuer, caCertificate.subject);
  t.same(Buffer.from(certificate.issuerName.toArrayBuffer()), Buffer.from(caCertificate.subjectName.toArrayBuffer()), 'issuer = CA subject, byte for byte');
  t.equal(caCertificate.subject, 'CN=Test Server Device CA');
  t.equal(certificate.notBefore.getTime(), NOW.getTime() - HOUR);
  t.equal(certificate.notAfter.getTime(), NOW.getTime() + 3650 * DAY);
  t.equal(certificate.serialNumber.toLowerCase(), issued.serial);
  t.ok(/^[0-7][0-9a-f]{39}$/.test(issued.serial), 'a positive 20-byte random serial');
  t.equal(certificate.signatureAlgorithm.name, 'RSASSA-PKCS1-v1_5');
  t.equal((certificate.signatureAlgorithm as { hash?: { name: string } }).hash?.name, 'SHA-256');
  t.same(Buffer.from(certificate.publicKey.rawData), Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)), "the device's own key");
  t.ok(issued.pem.startsWith('-----BEGIN CERTIFICATE-----\n') && issued.pem.endsWith('-----END CERTIFICATE-----\n'));

  t.ok(await certificate.verify({ publicKey: caCertificate, date: NOW }), 'signed by the CA');
  const chain = await new x509.X509ChainBuilder({ certificates: [caCertificate] }).build(certificate);
  t.same(chain.map((c) => c.subject), [`CN=Device, 0.9.2342.19200300.100.1.1=${DEVICE}`, 'CN=Test Server Device CA'], 'the chain ends at the CA');
  t.equal(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId, caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
  t.same(certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages, [x509.ExtendedKeyUsage.clientAuth]);

  const caConstraints = caCertificate.getExtension(x509.BasicConstraintsExtension);
  t.ok(caConstraints?.ca && caConstraints.critical, 'the generated CA is a CA');
  t.ok(caCertificate.notAfter.getTime() > certificate.notAfter.getTime() + 365 * DAY, 'and outlives the certificates it issues');
});

t.test('given a CSR asking for extensions, then none of them reaches the certificate', async (t) => {
  const ca = await createCertificateAuthority(shared);
  const certificate = await issue(
    ca,
    await csrPem({
      keys: await keyPair(rsa),
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'opentera.example.org' }])],
    }),
  );
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  t.equal(constraints?.ca, false, 'never a CA');
  t.ok(constraints?.critical);
  t.equal(certificate.getExtension(x509.SubjectAlternativeNameExtension), null, 'no server name');
  t.equal(subjectOf(certificate), `CN=Device, UID=${DEVICE}`);
});

t.test('given a CSR whose signature does not match its key, then it is refused', async (t) => {
  const der = Buffer.from(new x509.Pkcs10CertificateRequest(await csrPem({ keys: await keyPair(rsa) })).rawData);
  const inSignature = der.length - 10; // the signature is the request's last field
  der.writeUInt8(der.readUInt8(inSignature) ^ 0xff, inSignature);
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  t.equal(await refusal(tampered), 'Invalid CSR signature');

  // A request carrying one key, signed with another.
  const [mine, theirs] = [await keyPair(ecdsa), await keyPair(ecdsa)];
  const forged = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=forged',
    keys: { publicKey: mine.publicKey, privateKey: theirs.privateKey },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  t.equal(await refusal(forged.toString('pem')), 'Invalid CSR signature');
});

t.test('given something that is not a CSR, then it is refused as such', async (t) => {
  t.equal(await refusal(''), 'Invalid CSR');
  t.equal(await refusal('hello'), 'Invalid CSR');
  t.equal(await refusal(Buffer.from([0x30, 0x82, 0xff, 0x00, 0x01])), 'Invalid CSR', 'DER without PEM armour');
  t.equal(await refusal('-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAAAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n'), 'Invalid CSR');
  t.equal(await refusal('-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all!\n-----END CERTIFICATE REQUEST-----\n'), 'Invalid CSR');
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=x', keys: await keyPair(ecdsa), signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  t.equal(await refusal(certificate.toString('pem')), 'Invalid CSR', 'a certificate is not a request');
  const armouredCertificate = certificate.toString('pem').replaceAll('CERTIFICATE', 'CERTIFICATE REQUEST');
  t.equal(await refusal(armouredCertificate), 'Invalid CSR', 'nor is a certificate dressed as one');
  // OpenSSL's older armour is a CSR too.
  const legacy = (await csrPem()).replaceAll('CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST');
  t.equal(await refusal(legacy), 'accepted');
});

t.test('given two nodes needing a CA at the same time, then they end up with one CA', async (t) => {
  const database = await freshDatabase(t);
  const [a, b] = await Promise.all([createCertificateAuthority(database), createCertificateAuthority(database)]);
  const [pemA, pemB] = await Promise.all([a.certificatePem(), b.certificatePem()]);
  t.equal(pemA, pemB);
  const rows = await database.db.selectFrom('certificate_authority').selectAll().execute();
  t.equal(rows.length, 1);

  // Signed by one node, verified with the other's CA; and a restarted node signs with the same CA.
  const certificate = await issue(a, await csrPem());
  t.ok(await certificate.verify({ publicKey: new x509.X509Certificate(pemB), date: NOW }));
  const restarted = await createCertificateAuthority(database);
  t.equal(await restarted.certificatePem(), pemA);
});

t.test('given nodes on a real PostgreSQL server, then one CA', { skip: postgresAdminUrl ? false : NO_POSTGRES }, async (t) => {
  const database = (await realPostgres(t))!;
  // The pool's connections run the instances' inserts truly at once.
  const nodes = await Promise.all([1, 2, 3, 4].map(() => createCertificateAuthority(database)));
  const pems = await Promise.all(nodes.map((n) => n.certificatePem()));
  t.equal(new Set(pems).size, 1);
  t.equal((await database.db.selectFrom('certificate_authority').selectAll().execute()).length, 1);
});

t.test('given the operator\'s CA files, then that CA signs', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tera-ca-'));
  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };

  t.test('an RSA key in OpenSSL\'s traditional format, as OpenTera writes it', async (t) => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signing = await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const publicKey = await webcrypto.subtle.importKey('spki', createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=IntRoLab_CA, C=CA',
      keys: { privateKey: signing, publicKey },
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const keyFile = await write('rsa_key.pem', privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
    t.match(privateKey.export({ type: 'pkcs1', format: 'pem' }), /^-----BEGIN RSA PRIVATE KEY-----/);
    const certificateFile = await write('rsa_cert.pem', caCertificate.toString('pem'));
    const ca = await createCertificateAuthority(shared, { files: { certificateFile, privateKeyFile: keyFile } });
    t.equal((await ca.certificatePem()).trim(), caCertificate.toString('pem').replace(/\r\n/g, '\n').trim());
    const certificate = await issue(ca, await csrPem());
    t.equal(certificate.issuer, 'CN=IntRoLab_CA, C=CA');
    t.ok(await certificate.verify({ publicKey: caCertificate, date: NOW }));
    // No SubjectKeyIdentifier on this CA: the authority key id is computed from its key.
    t.ok(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId);
  });

  t.test('an EC key in PKCS#8', async (t) => {
    const keys = await keyPair(ecdsa);
    const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=EC CA',
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const keyFile = await write('ec_key.pem', `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`);
    const certificateFile = await write('ec_cert.pem', caCertificate.toString('pem'));
    const ca = await createCertificateAuthority(shared, { files: { certificateFile, privateKeyFile: keyFile } });
    const certificate = await issue(ca, await csrPem({ keys: await keyPair(rsa) }));
    t.equal(certificate.signatureAlgorithm.name, 'ECDSA');
    t.equal((certificate.signatureAlgorithm as { hash?: { name: string } }).hash?.name, 'SHA-256');
    t.ok(await certificate.verify({ publicKey: caCertificate, date: NOW }));
    t.equal(subjectOf(certificate), `CN=Device, UID=${DEVICE}`);

    t.test('then a key that is not the certificate\'s, a missing file or a non-CA certificate stop the start', async (t) => {
      const otherKey = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', (await keyPair(ecdsa)).privateKey)).toString('base64');
      const otherKeyFile = await write('other_key.pem', `-----BEGIN PRIVATE KEY-----\n${otherKey}\n-----END PRIVATE KEY-----\n`);
      const database = shared;
      await t.rejects(createCertificateAuthority(database, { files: { certificateFile, privateKeyFile: otherKeyFile } }), { message: /is not the key of caCertificateFile/ });
      await t.rejects(createCertificateAuthority(database, { files: { certificateFile: path.join(dir, 'absent.pem'), privateKeyFile: keyFile } }), { message: /Cannot read caCertificateFile/ });
      await t.rejects(createCertificateAuthority(database, { files: { certificateFile: keyFile, privateKeyFile: keyFile } }), { message: /caCertificateFile .*not a readable CA certificate/ });
      await t.rejects(createCertificateAuthority(database, { files: { certificateFile, privateKeyFile: certificateFile } }), { message: /caPrivateKeyFile .*not a readable unencrypted private key/ });
      const leaf = await x509.X509CertificateGenerator.createSelfSigned({
        name: 'CN=leaf',
        keys,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
      });
      const leafFile = await write('leaf.pem', leaf.toString('pem'));
      await t.rejects(createCertificateAuthority(database, { files: { certificateFile: leafFile, privateKeyFile: keyFile } }), { message: /not a CA certificate/ });
    });
  });
});
