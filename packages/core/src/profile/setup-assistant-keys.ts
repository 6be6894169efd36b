/**
 * The Setup Assistant panes a profile can skip (Apple's `SkipKeys`), versioned: for each key, the
 * platforms that show the pane, the OS version that added it and, where Apple retired it, the
 * version from which devices ignore it; with a description in English and in French.
 *
 * The catalogue informs, it does not gate: a key it does not know is still sent to Apple (with a
 * warning recorded on the profile), so an administrator can skip a pane Apple added after this
 * release of depledger.
 */

/** The version of the catalogue below: the Apple OS releases it covers. */
export const setupAssistantCatalogueVersion = '2026.1 (iOS 26, macOS 26, tvOS 26, visionOS 26)';

/** The platform families of Setup Assistant; iPadOS follows iOS. */
export type SetupAssistantPlatform = 'iOS' | 'macOS' | 'tvOS' | 'visionOS';

/** When a pane appeared on a platform and, if Apple retired its key there, from which version devices ignore it. */
export type SetupAssistantAvailability = Readonly<{ added: string; removed?: string }>;

/** One skip key of the catalogue. */
export type SetupAssistantKey = Readonly<{
  key: string;
  platforms: Readonly<Partial<Record<SetupAssistantPlatform, SetupAssistantAvailability>>>;
  en: string;
  fr: string;
}>;

const since = (added: string, removed?: string): SetupAssistantAvailability => (removed === undefined ? { added } : { added, removed });
/** Available wherever Setup Assistant took skip keys from the start. */
const everywhere = { iOS: since('7.0'), macOS: since('10.9'), tvOS: since('10.2'), visionOS: since('26.0') };

/** Every skip key depledger knows, in Apple's spelling. */
export const setupAssistantKeys: readonly SetupAssistantKey[] = [
  {
    key: 'Accessibility',
    platforms: { macOS: since('11.0') },
    en: 'Accessibility pane (macOS, when creating additional users)',
    fr: "Écran Accessibilité (macOS, à la création d'autres utilisateurs)",
  },
  { key: 'ActionButton', platforms: { iOS: since('17.0') }, en: 'Action Button setup', fr: 'Configuration du bouton Action' },
  {
    key: 'AdditionalPrivacySettings',
    platforms: { macOS: since('26.0') },
    en: 'Additional Privacy Settings pane',
    fr: 'Écran Réglages de confidentialité supplémentaires',
  },
  {
    key: 'Android',
    platforms: { iOS: since('9.0') },
    en: 'Move from Android option of the Restore pane',
    fr: "Option Migrer depuis Android de l'écran Restauration",
  },
  {
    key: 'Appearance',
    platforms: { iOS: since('13.0'), macOS: since('10.14') },
    en: 'Choose Your Look (light or dark appearance)',
    fr: 'Choix de l’apparence (clair ou sombre)',
  },
  { key: 'AppleID', platforms: everywhere, en: 'Apple Account and iCloud sign-in', fr: 'Connexion au compte Apple et à iCloud' },
  { key: 'AppStore', platforms: { iOS: since('14.3'), macOS: since('11.1') }, en: 'App Store pane', fr: 'Écran App Store' },
  {
    key: 'Biometric',
    platforms: { iOS: since('8.1'), macOS: since('10.12.4'), visionOS: since('26.0') },
    en: 'Touch ID / Face ID / Optic ID setup',
    fr: 'Configuration de Touch ID / Face ID / Optic ID',
  },
  { key: 'CameraButton', platforms: { iOS: since('18.0') }, en: 'Camera Control pane', fr: 'Écran Commande de l’appareil photo' },
  {
    key: 'DeviceToDeviceMigration',
    platforms: { iOS: since('12.4') },
    en: 'Device to Device Migration pane',
    fr: 'Écran Migration d’appareil à appareil',
  },
  {
    key: 'Diagnostics',
    platforms: everywhere,
    en: 'App Analytics (diagnostics sharing)',
    fr: 'Analyse des apps (partage des diagnostics)',
  },
  {
    key: 'DisplayTone',
    platforms: { iOS: since('9.3.2', '15.0'), macOS: since('10.13.6', '12.0') },
    en: 'True Tone display setup',
    fr: 'Configuration de l’affichage True Tone',
  },
  {
    key: 'EnableLockdownMode',
    platforms: { iOS: since('17.1'), macOS: since('14.0') },
    en: 'Lockdown Mode pane (when an Apple Account is set up)',
    fr: 'Écran Mode Isolement (si un compte Apple est configuré)',
  },
  { key: 'FileVault', platforms: { macOS: since('10.10') }, en: 'FileVault setup', fr: 'Configuration de FileVault' },
  {
    key: 'HomeButtonSensitivity',
    platforms: { iOS: since('10.0', '15.0') },
    en: 'Meet the New Home Button (iPhone 7, 8, SE)',
    fr: 'Présentation du nouveau bouton principal (iPhone 7, 8, SE)',
  },
  { key: 'iCloudDiagnostics', platforms: { macOS: since('10.12.4') }, en: 'iCloud Analytics pane', fr: 'Écran Analyse iCloud' },
  {
    key: 'iCloudStorage',
    platforms: { macOS: since('10.13.4') },
    en: 'iCloud Documents and Desktop pane',
    fr: 'Écran Documents et Bureau iCloud',
  },
  { key: 'iMessageAndFaceTime', platforms: { iOS: since('12.0') }, en: 'iMessage and FaceTime pane', fr: 'Écran iMessage et FaceTime' },
  {
    key: 'Intelligence',
    platforms: { iOS: since('18.0'), macOS: since('15.0'), visionOS: since('26.0') },
    en: 'Apple Intelligence pane',
    fr: 'Écran Apple Intelligence',
  },
  {
    key: 'Keyboard',
    platforms: { iOS: since('13.0') },
    en: 'Keyboard pane (shown before the profile is fetched: not always skippable)',
    fr: 'Écran Clavier (affiché avant la récupération du profil : pas toujours évitable)',
  },
  {
    key: 'Location',
    platforms: { iOS: since('7.0'), macOS: since('10.11'), tvOS: since('10.2'), visionOS: since('26.0') },
    en: 'Location Services',
    fr: 'Service de localisation',
  },
  {
    key: 'MessagingActivationUsingPhoneNumber',
    platforms: { iOS: since('10.0') },
    en: 'iMessage activation with a phone number',
    fr: 'Activation d’iMessage par numéro de téléphone',
  },
  { key: 'Multitasking', platforms: { iOS: since('26.0') }, en: 'Multitasking pane', fr: 'Écran Multitâche' },
  {
    key: 'OnBoarding',
    platforms: { iOS: since('11.0', '14.0') },
    en: 'On-boarding screens (Go Home, Cover Sheet, Control Center)',
    fr: 'Écrans de prise en main (accueil, écran verrouillé, centre de contrôle)',
  },
  { key: 'OSShowcase', platforms: { iOS: since('26.0') }, en: 'OS Showcase pane', fr: 'Écran de présentation du système' },
  {
    key: 'Passcode',
    platforms: { iOS: since('7.0'), macOS: since('10.9'), visionOS: since('26.0') },
    en: 'Passcode pane',
    fr: 'Écran Code d’accès',
  },
  {
    key: 'Payment',
    platforms: { iOS: since('8.1'), macOS: since('10.12.4'), visionOS: since('26.0') },
    en: 'Apple Pay setup',
    fr: 'Configuration d’Apple Pay',
  },
  {
    key: 'Privacy',
    platforms: { iOS: since('11.3'), macOS: since('10.13.4'), tvOS: since('11.3'), visionOS: since('26.0') },
    en: 'Data & Privacy pane',
    fr: 'Écran Données et confidentialité',
  },
  {
    key: 'Restore',
    platforms: { iOS: since('7.0'), macOS: since('10.9') },
    en: 'Restore from backup',
    fr: 'Restauration depuis une sauvegarde',
  },
  { key: 'RestoreCompleted', platforms: { iOS: since('14.0') }, en: 'Restore Completed pane', fr: 'Écran Restauration terminée' },
  { key: 'Safety', platforms: { iOS: since('16.0') }, en: 'Safety pane', fr: 'Écran Sécurité' },
  {
    key: 'SafetyAndHandling',
    platforms: { iOS: since('18.4') },
    en: 'Safety and Handling pane',
    fr: 'Écran Sécurité et manipulation',
  },
  {
    key: 'ScreenSaver',
    platforms: { tvOS: since('10.2') },
    en: 'Aerial screen savers (Apple TV)',
    fr: 'Économiseurs d’écran aériens (Apple TV)',
  },
  {
    key: 'ScreenTime',
    platforms: { iOS: since('12.0'), macOS: since('10.15'), visionOS: since('26.0') },
    en: 'Screen Time pane',
    fr: 'Écran Temps d’écran',
  },
  {
    key: 'SIMSetup',
    platforms: { iOS: since('12.0') },
    en: 'Add a cellular plan (prevents automatic eSIM setup)',
    fr: 'Ajout d’un forfait cellulaire (empêche la configuration automatique de l’eSIM)',
  },
  { key: 'Siri', platforms: { ...everywhere, macOS: since('10.12') }, en: 'Siri setup', fr: 'Configuration de Siri' },
  {
    key: 'SoftwareUpdate',
    platforms: { iOS: since('12.0'), macOS: since('15.4'), visionOS: since('26.0') },
    en: 'Software update pane',
    fr: 'Écran Mise à jour logicielle',
  },
  {
    key: 'SpokenLanguage',
    platforms: { iOS: since('13.0') },
    en: 'Dictation pane (shown before the profile is fetched: not always skippable)',
    fr: 'Écran Dictée (affiché avant la récupération du profil : pas toujours évitable)',
  },
  {
    key: 'TapToSetup',
    platforms: { tvOS: since('10.2') },
    en: 'Tap to Set Up with an iOS device (Apple TV)',
    fr: 'Configuration par contact avec un appareil iOS (Apple TV)',
  },
  {
    key: 'TermsOfAddress',
    platforms: { iOS: since('16.0'), macOS: since('13.0') },
    en: 'Terms of Address pane (not always skippable)',
    fr: 'Écran Formule d’adresse (pas toujours évitable)',
  },
  { key: 'Tips', platforms: { visionOS: since('26.0') }, en: 'Tips pane (visionOS)', fr: 'Écran Astuces (visionOS)' },
  { key: 'TOS', platforms: everywhere, en: 'Terms and Conditions', fr: 'Conditions générales' },
  {
    key: 'TVHomeScreenSync',
    platforms: { tvOS: since('11.0') },
    en: 'TV Home Screen layout sync',
    fr: 'Synchronisation de l’écran d’accueil TV',
  },
  { key: 'TVProviderSignIn', platforms: { tvOS: since('11.0') }, en: 'TV provider sign-in', fr: 'Connexion au fournisseur TV' },
  {
    key: 'TVRoom',
    platforms: { tvOS: since('11.4') },
    en: 'Where is this Apple TV? pane',
    fr: 'Écran Où se trouve cette Apple TV ?',
  },
  {
    key: 'UnlockWithWatch',
    platforms: { macOS: since('15.0') },
    en: 'Unlock with Apple Watch pane',
    fr: 'Écran Déverrouiller avec l’Apple Watch',
  },
  {
    key: 'UpdateCompleted',
    platforms: { iOS: since('14.0') },
    en: 'Software Update Complete pane',
    fr: 'Écran Mise à jour terminée',
  },
  { key: 'Wallpaper', platforms: { macOS: since('14.1', '26.0') }, en: 'Wallpaper selection', fr: 'Choix du fond d’écran' },
  { key: 'WatchMigration', platforms: { iOS: since('11.0') }, en: 'Apple Watch migration', fr: 'Migration de l’Apple Watch' },
  {
    key: 'WebContentFiltering',
    platforms: { iOS: since('18.2') },
    en: 'Web Content Filtering pane',
    fr: 'Écran Filtrage du contenu web',
  },
  {
    key: 'Welcome',
    platforms: { iOS: since('13.0'), macOS: since('15.0'), visionOS: since('26.0') },
    en: 'Get Started pane',
    fr: 'Écran Commencer',
  },
  { key: 'Zoom', platforms: { iOS: since('8.3', '17.0') }, en: 'Display Zoom setup', fr: 'Configuration du zoom de l’affichage' },
];

const byKey = new Map(setupAssistantKeys.map((k) => [k.key, k]));

/** The catalogue's entry for a key, or undefined when depledger does not know it (yet). */
export const setupAssistantKey = (key: string): SetupAssistantKey | undefined => byKey.get(key);

/** The platforms where Apple retired the key, with the version from which devices ignore it. */
export const removedOn = (entry: SetupAssistantKey): readonly string[] =>
  Object.entries(entry.platforms)
    .filter(([, a]) => a?.removed !== undefined)
    .map(([platform, a]) => `${platform} ${a?.removed}`);

/** A remark recorded on a profile about one of its skip keys; it does not stop the profile. */
export type SkipKeyWarning = Readonly<{
  field: 'skipSetupItems';
  key: string;
  kind: 'unknown_skip_key' | 'removed_skip_key';
  message: string;
}>;

/** What depledger has to say about a list of skip keys: unknown keys, and keys Apple retired. */
export const skipKeyWarnings = (keys: readonly string[]): SkipKeyWarning[] =>
  keys.flatMap((key): SkipKeyWarning[] => {
    const entry = setupAssistantKey(key);
    if (entry === undefined) {
      return [
        {
          field: 'skipSetupItems',
          key,
          kind: 'unknown_skip_key',
          message: `${key} is not in depledger's Setup Assistant catalogue ${setupAssistantCatalogueVersion}: it is sent to Apple as written; check its spelling against Apple's SkipKeys.`,
        },
      ];
    }
    const removed = removedOn(entry);
    if (removed.length === 0) return [];
    return [
      {
        field: 'skipSetupItems',
        key,
        kind: 'removed_skip_key',
        message: `${key} was retired by Apple (${removed.join(', ')} and later ignore it): remove it when no device runs an older version.`,
      },
    ];
  });
