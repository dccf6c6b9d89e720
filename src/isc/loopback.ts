// Which hosts are this machine: the one check behind "plain http only to loopback" (base URLs) and "loopback
// never goes through a proxy". Pure.
import { localized } from '../util/translate';

/** `localhost`, `127.x.y.z` and `::1` (with or without the brackets a URL's hostname keeps). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The rule isLoopbackHost draws for base URLs, in the words every message about it uses. */
export const PLAIN_HTTP_RULE = localized('plain http is allowed only for localhost, ::1 and 127.0.0.0/8');
