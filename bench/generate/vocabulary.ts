// Words the generator builds names, aliases and quotes from: invented countries and companies (so a
// generated graph can never be mistaken for curated facts), real technology vocabulary (so full-text
// search meets the words analysts type), person names from several languages.

export const COUNTRY_HEADS = [
  'Val', 'Kes', 'Mor', 'Tar', 'Ost', 'Bel', 'Car', 'Dun', 'Eld', 'Fer', 'Gal', 'Hal', 'Ist', 'Jor',
  'Lun', 'Mar', 'Nor', 'Pal', 'Quen', 'Ros', 'Sar', 'Tel', 'Ulm', 'Ver', 'Wes', 'Zan', 'Ard', 'Brin',
];
export const COUNTRY_TAILS = ['doria', 'tania', 'avia', 'mark', 'land', 'istan', 'enia', 'ovia', 'ara', 'esia'];
export const CITY_HEADS = ['Port', 'New', 'Saint', 'Lake', 'North', 'East', 'Fort', 'Upper', 'Old', 'West'];
export const CITY_ENDINGS = ['ia', 'ton', 'grad', 'holm', 'burg', 'ford', 'field', 'port', 'haven', 'mouth', 'dale', 'wick'];
export const UNIVERSITY_FORMS = ['University of {city}', '{city} Institute of Technology', '{city} Polytechnic University', '{city} University of Science and Technology', '{city} Normal University', '{city} Academy of Engineering'];
export const GROUP_FORMS = ['State-owned enterprises', 'Chip designers', 'Battery makers', 'Research institutes', 'Telecom operators', 'Foundries', 'Start-ups', 'Defence contractors', 'Software houses', 'Equipment suppliers'];
export const CITY_ROOTS = [
  'Aram', 'Belgar', 'Corvin', 'Dalen', 'Esker', 'Fallow', 'Granit', 'Harrow', 'Ilmen', 'Juniper', 'Kestrel',
  'Lindon', 'Merrow', 'Norrin', 'Oskar', 'Pellin', 'Quarry', 'Rowan', 'Sable', 'Tamsin', 'Umber', 'Varo',
];

export const GIVEN_NAMES = [
  'Wei', 'Li', 'Min', 'Jun', 'Hui', 'Yan', 'Anna', 'Maria', 'Elena', 'Sofia', 'Lena', 'Ingrid', 'Kenji',
  'Haruto', 'Yuki', 'Sakura', 'Arjun', 'Priya', 'Rahul', 'Ananya', 'David', 'Sarah', 'James', 'Emily',
  'Thomas', 'Laura', 'Pierre', 'Claire', 'Lukas', 'Jonas', 'Mateo', 'Lucia', 'Omar', 'Layla', 'Yusuf',
  'Amira', 'Ji-ho', 'Seo-yeon', 'Minh', 'Linh', 'Ivan', 'Olga', 'Pavel', 'Tomasz', 'Agnieszka', 'Kwame',
  'Ama', 'Chidi', 'Ngozi', 'Diego', 'Camila', 'Rafael', 'Beatriz', 'Erik', 'Astrid', 'Noah', 'Mia',
];
export const FAMILY_NAMES = [
  'Zhang', 'Wang', 'Chen', 'Liu', 'Huang', 'Zhao', 'Tanaka', 'Suzuki', 'Sato', 'Nakamura', 'Kim', 'Park',
  'Lee', 'Choi', 'Nguyen', 'Tran', 'Sharma', 'Patel', 'Iyer', 'Gupta', 'Smith', 'Johnson', 'Brown', 'Miller',
  'Garcia', 'Martinez', 'Rossi', 'Bianchi', 'Dubois', 'Laurent', 'Schmidt', 'Fischer', 'Weber', 'Novak',
  'Kowalski', 'Ivanov', 'Petrova', 'Hassan', 'Haddad', 'Mensah', 'Okafor', 'Silva', 'Santos', 'Lindqvist',
  'Johansson', 'Van Dijk', 'De Vries', 'Murphy', 'OBrien', 'Kaya', 'Demir', 'Cohen', 'Levi', 'Khan',
];

export const COMPANY_HEADS = [
  'Aurel', 'Sino', 'Nexa', 'Quanta', 'Helio', 'Vantor', 'Orion', 'Lumin', 'Cobalt', 'Zenith', 'Kairo',
  'Trident', 'Polar', 'Astra', 'Borea', 'Cinder', 'Delta', 'Ember', 'Fathom', 'Gale', 'Hollow', 'Iris',
  'Jade', 'Krona', 'Lattice', 'Meridian', 'Nimbus', 'Onyx', 'Prism', 'Quill', 'Rune', 'Summit', 'Tessel',
];
export const COMPANY_CORES = [
  'Micro', 'Semi', 'Photon', 'Quantum', 'Data', 'Nano', 'Cyber', 'Silicon', 'Wafer', 'Opto', 'Logic',
  'Compute', 'Signal', 'Fab', 'Litho', 'Bio', 'Aero', 'Grid', 'Cell', 'Vision', 'Robo', 'Sensor', 'Volt', 'Astro',
];
export const COMPANY_TAILS = ['systems', 'tech', 'electronics', 'devices', 'works', 'labs', 'dynamics', 'materials', 'logic', 'networks', 'instruments', 'semiconductor'];
export const LEGAL_FORMS = ['Co., Ltd.', 'Inc.', 'Group', 'Corporation', 'AG', 'S.A.', 'Holdings', 'Ltd.'];

export const AGENCIES = [
  { name: 'Ministry of Commerce', short: 'MOC' },
  { name: 'Bureau of Industry and Security', short: 'BIS' },
  { name: 'Ministry of Industry and Information Technology', short: 'MIIT' },
  { name: 'Export Control Office', short: 'ECO' },
  { name: 'Ministry of Science and Technology', short: 'MOST' },
  { name: 'Investment Screening Committee', short: 'ISC' },
  { name: 'Ministry of Finance', short: 'MOF' },
  { name: 'National Development and Reform Commission', short: 'NDRC' },
  { name: 'Office of the Trade Representative', short: 'OTR' },
  { name: 'Ministry of Foreign Affairs', short: 'MFA' },
  { name: 'Cyberspace Administration', short: 'CA' },
  { name: 'Customs Administration', short: 'GAC' },
];

export const ROLES = ['minister', 'chief executive', 'chief technology officer', 'researcher', 'professor', 'director', 'spokesperson', 'engineer', 'chair', 'former employee'];

/** Level-1 fields of the technology taxonomy, each with level-2 subfields and the nouns of its deeper levels. */
export const TECHNOLOGY_FIELDS: Array<{ name: string; aliases: string[]; subfields: string[]; nouns: string[] }> = [
  {
    name: 'Semiconductors',
    aliases: ['chips', 'semiconductor chips'],
    subfields: ['Logic chips', 'Memory chips', 'AI chips', 'Power semiconductors', 'Analog chips', 'Chipmaking equipment', 'Chip design software', 'Advanced packaging'],
    nouns: ['transistors', 'wafers', 'processors', 'accelerators', 'memory stacks', 'lithography systems', 'etch tools', 'photoresists', 'substrates', 'interconnects'],
  },
  {
    name: 'Artificial intelligence',
    aliases: ['AI'],
    subfields: ['Machine learning', 'Large language models', 'Computer vision', 'Speech recognition', 'Robotics software', 'AI training clusters'],
    nouns: ['models', 'frameworks', 'datasets', 'inference engines', 'training systems', 'recognition systems'],
  },
  {
    name: 'Quantum technologies',
    aliases: ['quantum tech'],
    subfields: ['Quantum computing', 'Quantum communication', 'Quantum sensing', 'Quantum cryptography'],
    nouns: ['qubits', 'processors', 'sensors', 'key distribution networks', 'cryogenic systems', 'photon sources'],
  },
  {
    name: 'Telecommunications',
    aliases: ['telecoms'],
    subfields: ['5G networks', '6G research', 'Optical networks', 'Satellite communications', 'Undersea cables'],
    nouns: ['base stations', 'antennas', 'transceivers', 'routers', 'modems', 'fibre amplifiers'],
  },
  {
    name: 'Biotechnology',
    aliases: ['biotech'],
    subfields: ['Gene editing', 'Synthetic biology', 'Biomanufacturing', 'Genomic sequencing', 'Vaccines'],
    nouns: ['sequencers', 'enzymes', 'cell lines', 'bioreactors', 'assays', 'therapies'],
  },
  {
    name: 'Aerospace',
    aliases: ['aerospace technology'],
    subfields: ['Jet engines', 'Satellites', 'Launch vehicles', 'Hypersonic systems', 'Drones'],
    nouns: ['turbines', 'avionics', 'guidance systems', 'airframes', 'propulsion systems', 'payloads'],
  },
  {
    name: 'Energy storage',
    aliases: ['batteries'],
    subfields: ['Lithium-ion batteries', 'Solid-state batteries', 'Battery materials', 'Hydrogen fuel cells'],
    nouns: ['cells', 'cathodes', 'anodes', 'electrolytes', 'separators', 'battery packs'],
  },
  {
    name: 'Critical minerals',
    aliases: ['critical raw materials', 'strategic metals'],
    subfields: ['Rare earths', 'Gallium', 'Germanium', 'Graphite', 'Lithium', 'Cobalt'],
    nouns: ['ores', 'refining processes', 'magnets', 'compounds', 'alloys', 'concentrates'],
  },
  {
    name: 'Advanced materials',
    aliases: ['new materials'],
    subfields: ['Carbon fibre', 'Specialty ceramics', 'Wide-bandgap materials', 'Advanced polymers'],
    nouns: ['composites', 'coatings', 'films', 'crystals', 'fibres', 'powders'],
  },
  {
    name: 'Cloud computing',
    aliases: ['cloud services'],
    subfields: ['Data centres', 'Supercomputers', 'Edge computing', 'Cloud software'],
    nouns: ['servers', 'clusters', 'storage systems', 'hypervisors', 'interconnect switches', 'cooling systems'],
  },
  {
    name: 'Cybersecurity',
    aliases: ['cyber security', 'information security'],
    subfields: ['Encryption', 'Intrusion detection', 'Surveillance technology', 'Secure hardware'],
    nouns: ['software', 'appliances', 'modules', 'scanners', 'platforms', 'keys'],
  },
  {
    name: 'Electric vehicles',
    aliases: ['EVs', 'new energy vehicles'],
    subfields: ['EV drivetrains', 'Autonomous driving', 'Charging infrastructure', 'Vehicle chips'],
    nouns: ['motors', 'inverters', 'lidar units', 'controllers', 'chargers', 'sensor suites'],
  },
];

/** Modifiers that make deeper, narrower technologies ("Gallium nitride power transistors"). */
export const TECHNOLOGY_MODIFIERS = [
  'Gallium nitride', 'Silicon carbide', '3 nm', '5 nm', '7 nm', '14 nm', '28 nm', 'Extreme ultraviolet',
  'Deep ultraviolet', 'High-bandwidth', 'Low-power', 'High-voltage', 'Radiation-hardened', 'Military-grade',
  'Automotive', 'Open-source', 'Photonic', 'Neuromorphic', 'Superconducting', 'Trapped-ion', 'Optical',
  'Wireless', 'Industrial', 'Consumer', 'Space-qualified', 'Quantum-safe', 'Next-generation', 'Stacked',
  'Heterogeneous', 'Chiplet-based', 'Sovereign', 'Edge', 'Cryogenic', 'Flexible', 'Ultra-pure',
];

/**
 * Policy types with the statuses a generated policy takes: every generated relationship is `stated`
 * (contract 1), and a stated ISSUED must agree with its policy's status (schema/ontology/modality.yaml).
 */
export const POLICY_KINDS: Array<{ type: string; status: string[]; name: (country: string, tech: string, year: number) => string }> = [
  { type: 'export_control', status: ['in_force'], name: (c, t, y) => `${c} export controls on ${t} (${y})` },
  { type: 'entity_listing', status: ['in_force'], name: (c, t, y) => `${c} entity list additions for ${t} (${y})` },
  { type: 'investment_restriction', status: ['in_force', 'unknown'], name: (c, t, y) => `${c} outbound investment rules for ${t} (${y})` },
  { type: 'trade_measures', status: ['in_force'], name: (c, t, y) => `${c} tariffs on ${t} (${y})` },
  { type: 'strategy', status: ['in_force', 'unknown'], name: (c, t, y) => `${c} national ${t} strategy ${y}` },
  { type: 'funding_programme', status: ['in_force'], name: (c, t, y) => `${c} ${t} fund ${y}` },
  { type: 'multilateral_agreement', status: ['agreed'], name: (c, t, y) => `${c}-led ${t} supply chain accord (${y})` },
  { type: 'directive', status: ['in_force'], name: (c, t, y) => `${c} self-reliance drive in ${t} (${y})` },
  { type: 'speech', status: ['delivered'], name: (c, t, y) => `${c} leader's speech on ${t} (${y})` },
  { type: 'statement', status: ['delivered'], name: (c, t, y) => `${c} statement on ${t} (${y})` },
  { type: 'award', status: ['awarded'], name: (c, t, y) => `${c} prize for ${t} (${y})` },
];

export const OUTLET_FORMS = ['{city} Daily', 'The {city} Herald', '{country} News Agency', '{country} Business Times', '{city} Tech Review', 'The {city} Observer', '{city} Evening Post', '{country} Broadcasting Service'];

export const HEADLINE_VERBS = ['tightens curbs on', 'unveils plan for', 'weighs limits on', 'pours funds into', 'targets', 'eases rules on', 'bets on'];
