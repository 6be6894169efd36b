import { describeReadModelStoreContract } from '../../test-support/read-model-store-contract';
import { createInMemoryReadModelStore } from '../index';

describeReadModelStoreContract('in memory', async () => ({ store: createInMemoryReadModelStore() }));
