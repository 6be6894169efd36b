// The MDM side of the example: a plain Node HTTP server with one enrollment URL. A device that
// finishes Setup Assistant calls it (here the simulator's power-on does, with
// {"serial_number","profile_uuid","event":"enroll"}); the server records the check-in in
// depledger, which turns the device from "Non contacté" into "Inscrit".
import { createServer } from 'node:http';

const readJson = (request) =>
  new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(body));
      } catch {
        resolve(null);
      }
    });
    request.on('error', reject);
  });

const answer = (response, status, body) => {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * Starts the enrollment endpoint on 127.0.0.1. `depledger` is what `createDepledger` returned.
 * Returns its URL (to put in the enrollment profile), the check-ins it recorded, and `close()`.
 */
export const startEnrollmentServer = async (depledger, { port = 0, path = '/mdm/enroll' } = {}) => {
  const checkIns = [];
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== path) return answer(response, 404, { error: 'not found' });
    try {
      const body = await readJson(request);
      if (typeof body?.serial_number !== 'string') return answer(response, 400, { error: 'a JSON body with serial_number is required' });
      // The MDM, not the device, is the actor: the event's metadata says `mdm:checkin`.
      const events = await depledger.devices.recordEnrollment(body.serial_number, { actor: 'mdm:checkin' });
      checkIns.push({ serial: body.serial_number, profileUuid: body.profile_uuid ?? null, recorded: events.map((e) => e.type) });
      return answer(response, 200, { enrolled: body.serial_number });
    } catch (error) {
      // A device depledger does not know, or bad input: say so, record nothing.
      return answer(response, 422, { error: error.code ?? 'ENROLLMENT_REFUSED', message: error.message });
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${path}`;
  const close = () => new Promise((resolve) => server.close(() => resolve()));
  return { url, checkIns, close };
};
