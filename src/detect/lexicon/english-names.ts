/**
 * English given names and family names, for romanised names written without a label in mixed
 * Chinese/English text ("Hi David Wong,", "Best,⏎Michael Lee", "From: Amy Wang <…>").
 *
 * A pair of capitalised words is a name far more reliably when its first word is a known given
 * name and its last a known family name (English, or a Chinese surname's romanisation from
 * surnames.ts). The lists are the common names of English-speaking countries (census and
 * birth-register tops, compiled by hand), lower-case; they are a plausibility signal, not a
 * complete list. Family names that are also common English words in place names (Park, Hill,
 * Green, Wood …) are left out: "Victoria Park" is a place.
 */

/** Common English given names (and the Western names Chinese speakers often adopt). */
export const ENGLISH_GIVEN_NAMES: ReadonlySet<string> = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel ' +
    'matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ' +
    'ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott ' +
    'brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron ' +
    'jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter christian keith ' +
    'roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse bryan billy ' +
    'bruce gabriel joe logan albert willie alan eugene russell vincent philip bobby johnny ' +
    'louis harry tom tony jim bill bob mike steve dave chris alex ben sam nick max leo oscar ' +
    'oliver lucas mason liam jackson aiden elijah owen luke isaac hunter eli ian evan colin ' +
    'simon martin howard victor derek jimmy ivan jay roy ray ken dan ted neil jeff gordon ' +
    'stanley leon felix hugo vincent eddie frankie kelvin calvin marvin edwin alvin ' +
    'mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty ' +
    'margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah ' +
    'stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma ' +
    'nicole helen samantha katherine christine debra rachel carolyn janet catherine maria ' +
    'heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn ' +
    'judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances ' +
    'kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle ' +
    'beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori ' +
    'sophie lily chloe zoe ella ava mia amelia harper eva ivy iris rose daisy jasmine ' +
    'cindy wendy vivian tiffany coco kitty candy sandy annie jenny joanna jane kate katie ' +
    'lucy lucia fiona gina tina nina vicky becky peggy sally sue tracy stella bella ' +
    'irene eileen elaine yvonne winnie connie queenie cherry sherry crystal angel fanny ' +
    'joy hazel ada agnes alison amanda anita audrey belinda carmen celia claire clara ' +
    'cecilia doreen esther flora gigi hilda ingrid janice jade joanne kristen leah lena ' +
    'mandy maggie mabel monica natasha nora pauline phoebe priscilla rita rosa ruby ' +
    'selina shirley sylvia teresa una ursula vera yolanda zoey'
  ).split(/\s+/),
);

/** Common English (and other Western) family names. */
export const ENGLISH_FAMILY_NAMES: ReadonlySet<string> = new Set(
  (
    'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez ' +
    'gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson harris ' +
    'sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen ' +
    'flores adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips ' +
    'evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy rogers ' +
    'gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox richardson ' +
    'watson brooks chavez james bennett mendoza ruiz hughes alvarez castillo ' +
    'sanders patel myers ross foster jimenez powell jenkins perry russell sullivan ' +
    'coleman butler henderson barnes fisher vasquez simmons graham murray ford hamilton wallace ' +
    ' cole hayes bryant gibson ellis stevens marshall owens harrison fernandez mcdonald ' +
    ' washington kennedy wells palmer warren holmes ' +
    'robertson hunter hart porter hudson grant knight ferguson dunn lawrence wagner ' +
    'schmidt muller mueller fischer weber meyer schneider becker dubois bernard durand ' +
    'rossi russo ferrari bianchi romano silva santos costa oliveira pereira ivanov petrov ' +
    'tanaka suzuki sato takahashi watanabe yamamoto nakamura kobayashi choi jung kang ' +
    'yoon jang lim han shin seo kwon song oh'
  ).split(/\s+/),
);
