export { langs, type Label, type Lang } from './lang';
export { fillMessage, type MessageParams } from './fill';
export { errorText, message, messageCatalogue, messageLabel, type MessageKey } from './message-catalogue';
export { consoleSentences, type ConsoleMessageKey } from './console-messages';
