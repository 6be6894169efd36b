export { langs, type Label, type Lang } from './lang';
export { fillMessage, type MessageParams } from './fill';
export { errorText, message, messageCatalogue, messageLabel, pluralForm, type MessageKey } from './message-catalogue';
export { helpTexts, type HelpTextKey } from './help-texts';
export { consoleSentences, type ConsoleMessageKey } from './console-messages';
