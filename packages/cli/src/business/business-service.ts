import { appleBaseUrl, createBusinessGateway } from '@depledger/apple';
import { createBusinessService, depledgerSerde, systemClock, type BusinessService } from '@depledger/core';
import { appleAttempts, parseAppleUrl } from '../runtime/apple-settings';
import type { CliIo } from '../runtime/cli-io';
import type { CliContext } from '../runtime/open-context';

export const businessUserAgent = 'depledger-cli/0.1.0';

/**
 * The Business API service over the command's store and vault. With `--apple-url` left at Apple's
 * DEP service, the API and its token endpoint are Apple's; with a simulator's URL, both are the
 * simulator's (`<url>/v1`, `<url>/auth/oauth2/v2/token`).
 */
export const businessServiceOf = (context: CliContext, appleUrl: string | undefined, io: CliIo): BusinessService => {
  const url = parseAppleUrl(appleUrl);
  const atApple = url === appleBaseUrl;
  const gateway = createBusinessGateway({
    vault: context.vault,
    userAgent: businessUserAgent,
    retry: { maxAttempts: appleAttempts(io.env) },
    pollIntervalMs: atApple ? 2000 : 100,
    ...(atApple ? {} : { baseUrl: url, tokenUrl: `${url}/auth/oauth2/v2/token` }),
  });
  return createBusinessService({ store: context.events, serde: depledgerSerde, vault: context.vault, clock: systemClock, gateway });
};
