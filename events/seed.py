"""The seed data: every fact of Ynet's report of Thursday 6 November 2025 that
Kazakhstan would join the Abraham Accords, and the public record it refers to.

One entry per fact, in the order a reviewer reads the article. ``load_seed``
turns each entry into a published record with its sources.

- ``key``: the entry's stable name. The record's UUID is derived from it, so a
  title, slug or date corrected here (or by an editor) never duplicates it.
  Never change a key once it has been loaded.
- Dates are ISO 8601 at the precision the source gives: "1992" is the year,
  "1992-04" April 1992, "2020-09-15" the day.
- ``sources`` name entries of CITATIONS: a citation is one document
  (DOCUMENTS) and the passage, word for word, that supports the claim. Quotes
  from Wikipedia infoboxes are the infobox lines joined into a sentence.
- Countries are named by ISO alpha-2 code, officials by their key.
"""

import datetime

# When the documents below were last read for this seed.
ACCESSED = datetime.date(2026, 11, 26)

YNET_KAZAKHSTAN_URL = "https://www.ynetnews.com/article/sy8oqic1zl"

DOCUMENTS = {
    "ynet-kazakhstan": {
        "publisher": "Ynet",
        # Descriptive: the seed file does not carry the article's headline.
        "title": "Kazakhstan poised to join the Abraham Accords, senior White "
        "House official confirms",
        "url": YNET_KAZAKHSTAN_URL,
        "published": "2025-11-06",
    },
    "ynet-sudan-signs": {
        "publisher": "Ynet (The Associated Press)",
        "title": "Sudan says it signed 'Abraham Accords' with US",
        "url": "https://www.ynetnews.com/article/rk0YOV7Rv",
        "published": "2021-01-06",
    },
    "newsghana-morocco": {
        "publisher": "News Ghana (Xinhua)",
        "title": "Morocco, Israel agree to immediately establish full diplomatic ties",
        "url": "https://newsghana.com.gh/morocco-israel-agree-to-immediately-"
        "establish-full-diplomatic-ties/",
        "published": "2020-12-23",
    },
    "wikipedia-israel-morocco": {
        "publisher": "Wikipedia",
        "title": "Israel–Morocco normalization agreement",
        "url": "https://en.wikipedia.org/wiki/Israel%E2%80%93Morocco_normalization_agreement",
    },
    "wikipedia-israel-sudan": {
        "publisher": "Wikipedia",
        "title": "Israel–Sudan normalization agreement",
        "url": "https://en.wikipedia.org/wiki/Israel%E2%80%93Sudan_normalization_agreement",
    },
    "wikipedia-october-7": {
        "publisher": "Wikipedia",
        "title": "October 7 attacks",
        "url": "https://en.wikipedia.org/wiki/October_7_attacks",
    },
    "wikipedia-trump": {
        "publisher": "Wikipedia",
        "title": "Donald Trump",
        "url": "https://en.wikipedia.org/wiki/Donald_Trump",
    },
    "wikipedia-tokayev": {
        "publisher": "Wikipedia",
        "title": "Kassym-Jomart Tokayev",
        "url": "https://en.wikipedia.org/wiki/Kassym-Jomart_Tokayev",
    },
    "wikipedia-nazarbayev": {
        "publisher": "Wikipedia",
        "title": "Nursultan Nazarbayev",
        "url": "https://en.wikipedia.org/wiki/Nursultan_Nazarbayev",
    },
    "wikipedia-netanyahu": {
        "publisher": "Wikipedia",
        "title": "Benjamin Netanyahu",
        "url": "https://en.wikipedia.org/wiki/Benjamin_Netanyahu",
    },
    "wikipedia-witkoff": {
        "publisher": "Wikipedia",
        "title": "Steve Witkoff",
        "url": "https://en.wikipedia.org/wiki/Steve_Witkoff",
    },
    "wikipedia-rubio": {
        "publisher": "Wikipedia",
        "title": "Marco Rubio",
        "url": "https://en.wikipedia.org/wiki/Marco_Rubio",
    },
    "wikipedia-lutnick": {
        "publisher": "Wikipedia",
        "title": "Howard Lutnick",
        "url": "https://en.wikipedia.org/wiki/Howard_Lutnick",
    },
    "wikipedia-al-zayani": {
        "publisher": "Wikipedia",
        "title": "Abdullatif bin Rashid Al Zayani",
        "url": "https://en.wikipedia.org/wiki/Abdullatif_bin_Rashid_Al_Zayani",
    },
    "wikipedia-abdullah-bin-zayed": {
        "publisher": "Wikipedia",
        "title": "Abdullah bin Zayed Al Nahyan",
        "url": "https://en.wikipedia.org/wiki/Abdullah_bin_Zayed_Al_Nahyan",
    },
    "wikipedia-el-otmani": {
        "publisher": "Wikipedia",
        "title": "Saadeddine Othmani",
        "url": "https://en.wikipedia.org/wiki/Saadeddine_Othmani",
    },
    "wikipedia-kushner": {
        "publisher": "Wikipedia",
        "title": "Jared Kushner",
        "url": "https://en.wikipedia.org/wiki/Jared_Kushner",
    },
    "jpost-ben-shabbat": {
        "publisher": "The Jerusalem Post",
        "title": "Meir Ben Shabbat appointed new National Security Advisor",
        "url": "https://www.jpost.com/israel-news/meir-ben-shabbat-appointed-new-"
        "national-security-advisor-514062",
    },
    "wikipedia-fr-abdulbari": {
        "publisher": "Wikipédia (French)",
        "title": "Nasredeen Abdulbari",
        "url": "https://fr.wikipedia.org/wiki/Nasredeen_Abdulbari",
    },
    "wikipedia-mnuchin": {
        "publisher": "Wikipedia",
        "title": "Steven Mnuchin",
        "url": "https://en.wikipedia.org/wiki/Steven_Mnuchin",
    },
}

# key: (document, the supporting passage word for word)
CITATIONS = {
    # The Ynet article, sentence by sentence.
    "ynet-kazakhstan-poised": (
        "ynet-kazakhstan",
        "Kazakhstan is poised to become the latest nation to join the Abraham "
        "Accords, a senior White House official confirmed to Ynet on Thursday, "
        "marking a potential symbolic expansion of the U.S.-brokered agreements "
        "that normalized ties between Israel and several Muslim-majority states.",
    ),
    "ynet-announcement-meeting": (
        "ynet-kazakhstan",
        "The official said the announcement would take place during a meeting at "
        "the White House between U.S. President Donald Trump and Kazakh President "
        "Kassym-Jomart Tokayev.",
    ),
    "ynet-signing-caption": (
        "ynet-kazakhstan",
        "Prime Minister Benjamin Netanyahu, US President Donald Trump, Bahraini "
        "Foreign Minister Abdullatif al-Zayani and Emirati Foreign Minister Sheikh "
        "Abdullah bin Zayed Al Nahyan wave from the White House balcony after "
        "signing the Abraham Accords, normalizing relations between Israel and the "
        "two Gulf states, in Washington, Sept. 15, 2020",
    ),
    "ynet-witkoff": (
        "ynet-kazakhstan",
        "Earlier in the day, U.S. Special Envoy Steve Witkoff said a new country "
        "was set to join the accords but declined to name it. Speaking at a "
        "business forum in Florida, Witkoff noted that he would return to "
        "Washington for the announcement Thursday night.",
    ),
    "ynet-relations-since-1992": (
        "ynet-kazakhstan",
        "Kazakhstan has maintained formal diplomatic relations with Israel since "
        "1992 and operates an embassy in Tel Aviv.",
    ),
    "ynet-consular-ties": (
        "ynet-kazakhstan",
        "The two countries established consular-level ties in April 1992, "
        "followed by the opening of embassies in both capitals later that year.",
    ),
    "ynet-netanyahu-visit": (
        "ynet-kazakhstan",
        "In December 2016, Prime Minister Benjamin Netanyahu became the first "
        "Israeli leader to visit the Central Asian nation, meeting with "
        "then-president Nursultan Nazarbayev.",
    ),
    "ynet-visit-caption": (
        "ynet-kazakhstan",
        "Prime Minister Benjamin Netanyahu meets with then-Kazakh president "
        "Nursultan Nazarbayev, 2016",
    ),
    "ynet-tokayev-rubio": (
        "ynet-kazakhstan",
        "Earlier Thursday, the official website of Kazakhstan’s embassy in Israel "
        "reported that President Tokayev met in Washington with U.S. Secretary of "
        "State Marco Rubio and other members of the Trump administration.",
    ),
    "ynet-tokayev-economic-ties": (
        "ynet-kazakhstan",
        "In the meeting, Tokayev reportedly stressed the strategic opportunities "
        "for deepening economic ties between Kazakhstan and the United States, and "
        "reaffirmed Kazakhstan’s commitment to political dialogue at multiple "
        "levels.",
    ),
    "ynet-expansion-beyond-arab-nations": (
        "ynet-kazakhstan",
        "Kazakhstan’s anticipated inclusion in the Abraham Accords comes amid U.S. "
        "efforts to expand the agreements beyond Arab nations to include "
        "Muslim-majority countries that already maintain diplomatic relations "
        "with Israel.",
    ),
    "ynet-reuters-report": (
        "ynet-kazakhstan",
        "A Reuters report in August revealed that Washington was pushing to bring "
        "additional countries—such as Azerbaijan—into the accords in symbolic "
        "moves intended to deepen regional cooperation.",
    ),
    "ynet-lutnick-caption": (
        "ynet-kazakhstan",
        "US Secretary of Commerce Howard Lutnik, Kazakh President Kassym-Jomart "
        "Tokayev and US Secretary of State Marco Rubio",
    ),
    "ynet-consultations": (
        "ynet-kazakhstan",
        "At the time, early-stage consultations were said to be underway between "
        "Azerbaijan and neighboring states, including Kazakhstan.",
    ),
    "ynet-central-asia": (
        "ynet-kazakhstan",
        "Officials cited shared interests between Israel and several Central "
        "Asian countries—such as Uzbekistan, Turkmenistan, Tajikistan and "
        "Kyrgyzstan—as a basis for expanding cooperation in the diplomatic, "
        "security and economic arenas through the accords.",
    ),
    "ynet-initial-signing": (
        "ynet-kazakhstan",
        "Since its initial signing in 2020, the Abraham Accords have been a "
        "cornerstone of U.S. diplomatic efforts in the Middle East, aimed at "
        "fostering regional cooperation and reshaping alliances in the wake of "
        "shifting geopolitical interests.",
    ),
    "ynet-current-signatories": (
        "ynet-kazakhstan",
        "Current signatories include the United Arab Emirates, Bahrain, Morocco "
        "and Sudan.",
    ),
    "ynet-october-7": (
        "ynet-kazakhstan",
        "The addition of a new signatory would represent a significant development "
        "amid heightened tensions in the region following the October 7 Hamas-led "
        "attack on Israel and ongoing hostilities involving Iran-backed groups in "
        "Lebanon, Syria and Yemen.",
    ),
    # Beyond the article: the dates it refers to without giving them.
    "ap-sudan-signed": (
        "ynet-sudan-signs",
        'Sudan on Wednesday said it signed the "Abraham Accords" with the U.S., '
        "paving the way for the African country to normalize ties with Israel.",
    ),
    "ap-sudan-signers": (
        "ynet-sudan-signs",
        "A statement from the office of Sudan's prime minister said Justice "
        "Minister Nasredeen Abdulbari signed the accord Wednesday with visiting "
        "U.S. Treasury Secretary Steven Mnuchin, who is expected to arrive in "
        "Israel later Wednesday.",
    ),
    "xinhua-morocco-agreed": (
        "newsghana-morocco",
        "Morocco and Israel agreed on Tuesday to immediately establish full "
        "diplomatic relations.",
    ),
    "xinhua-morocco-signers": (
        "newsghana-morocco",
        "The declaration was signed by Morocco’s Prime Minister Saad Dine El "
        "Otmani, Senior Advisor to U.S. President Trump Jared Kushner, and Israeli "
        "National Security Advisor Meir Ben-Shabbat.",
    ),
    "xinhua-morocco-dec-10": (
        "newsghana-morocco",
        "Morocco agreed on Dec. 10 to resume official contacts and establish "
        "diplomatic relations with Israel as soon as possible.",
    ),
    "wikipedia-morocco-announced": (
        "wikipedia-israel-morocco",
        "The Israel–Morocco normalization agreement is an agreement announced by "
        "the United States government on December 10, 2020, in which Israel and "
        "Morocco agreed to begin normalizing relations.",
    ),
    "wikipedia-morocco-declaration": (
        "wikipedia-israel-morocco",
        "On December 22, 2020, a joint declaration was signed pledging to begin "
        "direct flights, promote economic cooperation, reopen liaison offices and "
        "establish full diplomatic relations between the two countries.",
    ),
    "wikipedia-sudan-announced": (
        "wikipedia-israel-sudan",
        "The Israel–Sudan normalization agreement is an agreement that took place "
        "on October 23, 2020, whereby Israel and Sudan agreed that they will "
        "normalize relations.",
    ),
    "wikipedia-october-7-attacks": (
        "wikipedia-october-7",
        "The October 7 attacks were a series of coordinated armed incursions from "
        "the Gaza Strip into the Gaza envelope of southern Israel, carried out by "
        "Hamas and several other Palestinian militant groups in 2023, during the "
        "Jewish holiday of Simchat Torah.",
    ),
    # Offices held: the public record.
    "wikipedia-trump-first-term": (
        "wikipedia-trump",
        "45th President of the United States. In office January 20, 2017 – "
        "January 20, 2021",
    ),
    "wikipedia-trump-second-term": (
        "wikipedia-trump",
        "47th President of the United States. Assumed office January 20, 2025",
    ),
    "wikipedia-tokayev-president": (
        "wikipedia-tokayev",
        "Between 20 March and 12 June 2019, he served as acting president after "
        "the resignation of Nursultan Nazarbayev, who had been president for "
        "nearly three decades.",
    ),
    "wikipedia-nazarbayev-president": (
        "wikipedia-nazarbayev",
        "President of the Kazakh SSR. In office 24 April 1990 – 16 December 1991",
    ),
    "wikipedia-netanyahu-2009": (
        "wikipedia-netanyahu",
        "9th Prime Minister of Israel. In office 31 March 2009 – 13 June 2021",
    ),
    "wikipedia-netanyahu-2022": (
        "wikipedia-netanyahu",
        "9th Prime Minister of Israel. Assumed office 29 December 2022",
    ),
    "wikipedia-witkoff": ("wikipedia-witkoff", ""),
    "wikipedia-rubio": (
        "wikipedia-rubio",
        "72nd United States Secretary of State. Assumed office January 21, 2025",
    ),
    "wikipedia-lutnick": (
        "wikipedia-lutnick",
        "41st United States Secretary of Commerce. Assumed office February 21, 2025",
    ),
    "wikipedia-al-zayani": (
        "wikipedia-al-zayani",
        "Minister of Foreign Affairs of Bahrain. Assumed office 11 February 2020",
    ),
    "wikipedia-abdullah-bin-zayed": (
        "wikipedia-abdullah-bin-zayed",
        "Minister of Foreign Affairs of the United Arab Emirates. Assumed office "
        "9 February 2006",
    ),
    "wikipedia-el-otmani": (
        "wikipedia-el-otmani",
        "Prime Minister of Morocco. In office 5 April 2017 – 7 October 2021",
    ),
    "wikipedia-kushner": (
        "wikipedia-kushner",
        "Senior Advisor to the President. In office January 20, 2017 – January "
        "20, 2021",
    ),
    "jpost-ben-shabbat": (
        "jpost-ben-shabbat",
        "Ben Shabbat, who has held the position informally since August, spent 28 "
        "years working for the Shin Bet (Israel Security Agency), including as the "
        "head of its southern division, which is responsible for the Gaza Strip.",
    ),
    "wikipedia-fr-abdulbari": (
        "wikipedia-fr-abdulbari",
        "Il est cependant contraint de quitter ses fonctions ministérielles en "
        "octobre 2021 à la suite d'un coup d'État militaire.",
    ),
    "wikipedia-mnuchin": (
        "wikipedia-mnuchin",
        "77th United States Secretary of the Treasury. In office February 13, "
        "2017 – January 20, 2021",
    ),
}

COUNTRIES = [
    {
        "iso2": "KZ",
        "iso3": "KAZ",
        "name": "Kazakhstan",
        "slug": "kazakhstan",
        "region": "central-asia",
        "wikidata_id": "Q232",
        "summary": "Central Asian country with diplomatic relations with Israel "
        "since 1992 and an embassy in Tel Aviv. Its joining the Abraham Accords "
        "was announced at the White House on 6 November 2025.",
    },
    {
        "iso2": "IL",
        "iso3": "ISR",
        "name": "Israel",
        "slug": "israel",
        "region": "mena",
        "role": "party",
        "wikidata_id": "Q801",
        "summary": "The party to every Abraham Accords agreement: each one "
        "normalises relations between Israel and another country.",
    },
    {
        "iso2": "US",
        "iso3": "USA",
        "name": "United States",
        "slug": "united-states",
        "region": "north-america",
        "role": "broker",
        "wikidata_id": "Q30",
        "summary": "The broker of the Abraham Accords, first signed at the White "
        "House on 15 September 2020.",
    },
    {
        "iso2": "AE",
        "iso3": "ARE",
        "name": "United Arab Emirates",
        "slug": "united-arab-emirates",
        "region": "mena",
        "wikidata_id": "Q878",
        "summary": "Signed the Abraham Accords with Israel, with Bahrain, at the "
        "White House on 15 September 2020.",
    },
    {
        "iso2": "BH",
        "iso3": "BHR",
        "name": "Bahrain",
        "slug": "bahrain",
        "region": "mena",
        "wikidata_id": "Q398",
        "summary": "Signed the Abraham Accords with Israel, with the United Arab "
        "Emirates, at the White House on 15 September 2020.",
    },
    {
        "iso2": "MA",
        "iso3": "MAR",
        "name": "Morocco",
        "slug": "morocco",
        "region": "mena",
        "wikidata_id": "Q1028",
        "summary": "Agreed to normalise relations with Israel on 10 December 2020 "
        "and signed a joint declaration with the United States and Israel in "
        "Rabat on 22 December 2020.",
    },
    {
        "iso2": "SD",
        "iso3": "SDN",
        "name": "Sudan",
        "slug": "sudan",
        "region": "mena",
        "wikidata_id": "Q1049",
        "summary": "Agreed to normalise relations with Israel on 23 October 2020 "
        "and signed the Abraham Accords Declaration in Khartoum on 6 January "
        "2021.",
    },
    {
        "iso2": "AZ",
        "iso3": "AZE",
        "name": "Azerbaijan",
        "slug": "azerbaijan",
        "region": "south-caucasus",
        "wikidata_id": "Q227",
        "summary": "Named in a Reuters report of August 2025 as a country "
        "Washington was pushing to bring into the Abraham Accords.",
    },
    {
        "iso2": "UZ",
        "iso3": "UZB",
        "name": "Uzbekistan",
        "slug": "uzbekistan",
        "region": "central-asia",
        "wikidata_id": "Q265",
        "summary": "One of the Central Asian countries whose shared interests "
        "with Israel officials cited in August 2025 as a basis for expanding "
        "the Abraham Accords.",
    },
    {
        "iso2": "TM",
        "iso3": "TKM",
        "name": "Turkmenistan",
        "slug": "turkmenistan",
        "region": "central-asia",
        "wikidata_id": "Q874",
        "summary": "One of the Central Asian countries whose shared interests "
        "with Israel officials cited in August 2025 as a basis for expanding "
        "the Abraham Accords.",
    },
    {
        "iso2": "TJ",
        "iso3": "TJK",
        "name": "Tajikistan",
        "slug": "tajikistan",
        "region": "central-asia",
        "wikidata_id": "Q863",
        "summary": "One of the Central Asian countries whose shared interests "
        "with Israel officials cited in August 2025 as a basis for expanding "
        "the Abraham Accords.",
    },
    {
        "iso2": "KG",
        "iso3": "KGZ",
        "name": "Kyrgyzstan",
        "slug": "kyrgyzstan",
        "region": "central-asia",
        "wikidata_id": "Q813",
        "summary": "One of the Central Asian countries whose shared interests "
        "with Israel officials cited in August 2025 as a basis for expanding "
        "the Abraham Accords.",
    },
    {
        "iso2": "LB",
        "iso3": "LBN",
        "name": "Lebanon",
        "slug": "lebanon",
        "region": "mena",
        "wikidata_id": "Q822",
        "summary": "Scene of hostilities involving Iran-backed groups after the "
        "7 October 2023 Hamas-led attack on Israel.",
    },
    {
        "iso2": "SY",
        "iso3": "SYR",
        "name": "Syria",
        "slug": "syria",
        "region": "mena",
        "wikidata_id": "Q858",
        "summary": "Scene of hostilities involving Iran-backed groups after the "
        "7 October 2023 Hamas-led attack on Israel.",
    },
    {
        "iso2": "YE",
        "iso3": "YEM",
        "name": "Yemen",
        "slug": "yemen",
        "region": "mena",
        "wikidata_id": "Q805",
        "summary": "Scene of hostilities involving Iran-backed groups after the "
        "7 October 2023 Hamas-led attack on Israel.",
    },
    {
        "iso2": "IR",
        "iso3": "IRN",
        "name": "Iran",
        "slug": "iran",
        "region": "mena",
        "wikidata_id": "Q794",
        "summary": "Backs the armed groups in Lebanon, Syria and Yemen involved "
        "in hostilities after the 7 October 2023 Hamas-led attack on Israel.",
    },
]

# other_names: (name, where it is used)
OFFICIALS = [
    {
        "key": "trump",
        "name": "Donald Trump",
        "slug": "donald-trump",
        "country": "US",
        "bio": "President of the United States from 2017 to 2021 and again from "
        "2025; the Abraham Accords were signed at his White House in 2020.",
    },
    {
        "key": "tokayev",
        "name": "Kassym-Jomart Tokayev",
        "slug": "kassym-jomart-tokayev",
        "country": "KZ",
        "bio": "President of Kazakhstan since 2019.",
        "other_names": [
            ("Kassym-Jomart Kemeluly Tokayev", "full name"),
            ("Kassym-Jomart Tokaev", "transliteration used by some outlets"),
            ("Қасым-Жомарт Тоқаев", "Kazakh"),
            ("Касым-Жомарт Токаев", "Russian"),
        ],
    },
    {
        "key": "nazarbayev",
        "name": "Nursultan Nazarbayev",
        "slug": "nursultan-nazarbayev",
        "country": "KZ",
        "bio": "President of Kazakhstan from 1990 to 2019.",
        "other_names": [
            ("Nursultan Abishuly Nazarbayev", "full name"),
            ("Нұрсұлтан Назарбаев", "Kazakh"),
            ("Нурсултан Назарбаев", "Russian"),
        ],
    },
    {
        "key": "netanyahu",
        "name": "Benjamin Netanyahu",
        "slug": "benjamin-netanyahu",
        "country": "IL",
        "bio": "Prime Minister of Israel from 2009 to 2021 and again since 2022 "
        "(and from 1996 to 1999).",
        "other_names": [("בנימין נתניהו", "Hebrew")],
    },
    {
        "key": "witkoff",
        "name": "Steve Witkoff",
        "slug": "steve-witkoff",
        "country": "US",
        "bio": "United States Special Envoy to the Middle East since January 2025.",
        "other_names": [("Steven Witkoff", "full first name")],
    },
    {
        "key": "rubio",
        "name": "Marco Rubio",
        "slug": "marco-rubio",
        "country": "US",
        "bio": "United States Secretary of State since January 2025.",
        "other_names": [("Marco Antonio Rubio", "full name")],
    },
    {
        "key": "lutnick",
        "name": "Howard Lutnick",
        "slug": "howard-lutnick",
        "country": "US",
        "bio": "United States Secretary of Commerce since February 2025.",
        "other_names": [
            ("Howard Lutnik", "spelling in Ynet"),
            ("Howard William Lutnick", "full name"),
        ],
    },
    {
        "key": "al-zayani",
        "name": "Abdullatif al-Zayani",
        "slug": "abdullatif-al-zayani",
        "country": "BH",
        "bio": "Foreign Minister of Bahrain since February 2020; he signed the "
        "Abraham Accords for Bahrain.",
        "other_names": [
            ("Abdullatif bin Rashid Al Zayani", "full name, as on Wikipedia"),
            ("عبد اللطيف بن راشد الزياني", "Arabic"),
        ],
    },
    {
        "key": "abdullah-bin-zayed",
        "name": "Abdullah bin Zayed Al Nahyan",
        "slug": "abdullah-bin-zayed-al-nahyan",
        "country": "AE",
        "bio": "Foreign Minister of the United Arab Emirates since 2006; he "
        "signed the Abraham Accords for the UAE.",
        "other_names": [
            ("Sheikh Abdullah bin Zayed Al Nahyan", "spelling in Ynet"),
            ("Abdullah bin Zayed bin Sultan Al Nahyan", "full name"),
            ("عبد الله بن زايد آل نهيان", "Arabic"),
        ],
    },
    {
        "key": "el-otmani",
        "name": "Saad Dine El Otmani",
        "slug": "saad-dine-el-otmani",
        "country": "MA",
        "bio": "Prime Minister of Morocco from 2017 to 2021; he signed the joint "
        "declaration of Morocco, the United States and Israel.",
        "other_names": [
            ("Saadeddine Othmani", "spelling on Wikipedia"),
            ("Saad Eddine El Othmani", "transliteration used by some outlets"),
            ("سعد الدين العثماني", "Arabic"),
        ],
    },
    {
        "key": "kushner",
        "name": "Jared Kushner",
        "slug": "jared-kushner",
        "country": "US",
        "bio": "Senior Advisor to the President of the United States from 2017 "
        "to 2021.",
    },
    {
        "key": "ben-shabbat",
        "name": "Meir Ben-Shabbat",
        "slug": "meir-ben-shabbat",
        "country": "IL",
        "bio": "National Security Adviser of Israel and head of its National "
        "Security Council from 2017 to 2021.",
        "other_names": [
            ("Meir Ben Shabbat", "spelling without hyphen"),
            ("מאיר בן שבת", "Hebrew"),
        ],
    },
    {
        "key": "abdulbari",
        "name": "Nasredeen Abdulbari",
        "slug": "nasredeen-abdulbari",
        "country": "SD",
        "bio": "Minister of Justice of Sudan from 2019 until the military coup of "
        "October 2021.",
        "other_names": [
            ("Nasredeen Abdelbari", "spelling used by Reuters"),
            ("Nasreddin Abdel Bari", "transliteration used by some outlets"),
            ("نصر الدين عبدالباري", "Arabic"),
        ],
    },
    {
        "key": "mnuchin",
        "name": "Steven Mnuchin",
        "slug": "steven-mnuchin",
        "country": "US",
        "bio": "United States Secretary of the Treasury from 2017 to 2021.",
        "other_names": [("Steve Mnuchin", "short first name")],
    },
]

# office: (title, country whose office it is)
POSITIONS = [
    {
        "key": "trump-president-2017",
        "official": "trump",
        "office": ("President", "US"),
        "start": "2017-01-20",
        "end": "2021-01-20",
        "sources": ["wikipedia-trump-first-term", "ynet-signing-caption"],
    },
    {
        "key": "trump-president-2025",
        "official": "trump",
        "office": ("President", "US"),
        "start": "2025-01-20",
        "sources": ["wikipedia-trump-second-term", "ynet-announcement-meeting"],
    },
    {
        "key": "tokayev-president",
        "official": "tokayev",
        "office": ("President", "KZ"),
        "start": "2019-03-20",
        "sources": [
            "wikipedia-tokayev-president",
            "ynet-announcement-meeting",
            "ynet-tokayev-rubio",
        ],
    },
    {
        # The article's "then-president": his presidency ended before it.
        "key": "nazarbayev-president",
        "official": "nazarbayev",
        "office": ("President", "KZ"),
        "start": "1990-04-24",
        "end": "2019-03-19",
        "sources": [
            "wikipedia-nazarbayev-president",
            "wikipedia-tokayev-president",
            "ynet-netanyahu-visit",
        ],
    },
    {
        "key": "netanyahu-prime-minister-2009",
        "official": "netanyahu",
        "office": ("Prime Minister", "IL"),
        "start": "2009-03-31",
        "end": "2021-06-13",
        "sources": [
            "wikipedia-netanyahu-2009",
            "ynet-netanyahu-visit",
            "ynet-signing-caption",
        ],
    },
    {
        "key": "netanyahu-prime-minister-2022",
        "official": "netanyahu",
        "office": ("Prime Minister", "IL"),
        "start": "2022-12-29",
        "sources": ["wikipedia-netanyahu-2022"],
    },
    {
        "key": "witkoff-special-envoy",
        "official": "witkoff",
        "office": ("Special Envoy to the Middle East", "US"),
        "start": "2025-01-20",
        "sources": ["wikipedia-witkoff", "ynet-witkoff"],
    },
    {
        "key": "rubio-secretary-of-state",
        "official": "rubio",
        "office": ("Secretary of State", "US"),
        "start": "2025-01-21",
        "sources": ["wikipedia-rubio", "ynet-tokayev-rubio"],
    },
    {
        "key": "lutnick-secretary-of-commerce",
        "official": "lutnick",
        "office": ("Secretary of Commerce", "US"),
        "start": "2025-02-21",
        "sources": ["wikipedia-lutnick", "ynet-lutnick-caption"],
    },
    {
        "key": "al-zayani-foreign-minister",
        "official": "al-zayani",
        "office": ("Foreign Minister", "BH"),
        "start": "2020-02",
        "sources": ["wikipedia-al-zayani", "ynet-signing-caption"],
    },
    {
        "key": "abdullah-bin-zayed-foreign-minister",
        "official": "abdullah-bin-zayed",
        "office": ("Foreign Minister", "AE"),
        "start": "2006-02-09",
        "sources": ["wikipedia-abdullah-bin-zayed", "ynet-signing-caption"],
    },
    {
        "key": "el-otmani-prime-minister",
        "official": "el-otmani",
        "office": ("Prime Minister", "MA"),
        "start": "2017-04-05",
        "end": "2021-10-07",
        "sources": ["wikipedia-el-otmani", "xinhua-morocco-signers"],
    },
    {
        "key": "kushner-senior-advisor",
        "official": "kushner",
        "office": ("Senior Advisor to the President", "US"),
        "start": "2017-01-20",
        "end": "2021-01-20",
        "sources": ["wikipedia-kushner", "xinhua-morocco-signers"],
    },
    {
        "key": "ben-shabbat-national-security-adviser",
        "official": "ben-shabbat",
        "office": ("National Security Adviser", "IL"),
        "start": "2017-08",
        "end": "2021-07",
        "sources": ["jpost-ben-shabbat", "xinhua-morocco-signers"],
    },
    {
        "key": "abdulbari-minister-of-justice",
        "official": "abdulbari",
        "office": ("Minister of Justice", "SD"),
        "start": "2019-09",
        "end": "2021-10",
        "sources": ["wikipedia-fr-abdulbari", "ap-sudan-signers"],
    },
    {
        "key": "mnuchin-secretary-of-the-treasury",
        "official": "mnuchin",
        "office": ("Secretary of the Treasury", "US"),
        "start": "2017-02-13",
        "end": "2021-01-20",
        "sources": ["wikipedia-mnuchin", "ap-sudan-signers"],
    },
]

RELATIONS = [
    {
        "key": "kazakhstan-israel",
        "country": "KZ",
        "established": "1992-04",
        "summary": "Consular-level ties in April 1992, then embassies in both "
        "capitals later in 1992. Kazakhstan's embassy is in Tel Aviv.",
        "sources": ["ynet-relations-since-1992", "ynet-consular-ties"],
    },
]

MISSIONS = [
    {
        "key": "kazakhstan-embassy-in-israel",
        "sending": "KZ",
        "host": "IL",
        "kind": "embassy",
        "city": "Tel Aviv",
        "opened": "1992",
        "sources": ["ynet-relations-since-1992", "ynet-consular-ties"],
    },
    {
        # The article names no city for it.
        "key": "israel-embassy-in-kazakhstan",
        "sending": "IL",
        "host": "KZ",
        "kind": "embassy",
        "city": "",
        "opened": "1992",
        "sources": ["ynet-consular-ties"],
    },
]

# participants: (official, role in this event); place: (city, country)
EVENTS = [
    {
        "key": "kazakhstan-israel-consular-ties",
        "title": "Kazakhstan and Israel establish consular ties",
        "slug": "kazakhstan-israel-consular-ties-1992",
        "kind": "diplomatic-relations",
        "date": "1992-04",
        "countries": ["KZ", "IL"],
        "summary": "Kazakhstan and Israel established consular-level ties in "
        "April 1992, the start of their formal diplomatic relations.",
        "body": "Kazakhstan and Israel established **consular-level ties** in "
        "April 1992, months after Kazakhstan's independence. Embassies in both "
        "capitals followed later that year.",
        "sources": ["ynet-consular-ties", "ynet-relations-since-1992"],
    },
    {
        "key": "kazakhstan-israel-embassies",
        "title": "Kazakhstan and Israel open embassies",
        "slug": "kazakhstan-israel-embassies-1992",
        "kind": "diplomatic-relations",
        "date": "1992",
        "countries": ["KZ", "IL"],
        "summary": "Later in 1992, after consular ties in April, Kazakhstan and "
        "Israel opened embassies in both capitals.",
        "body": "Following the consular ties of April 1992, Kazakhstan and Israel "
        "opened **embassies in both capitals** later that year. Kazakhstan's "
        "embassy in Israel is in Tel Aviv.",
        "sources": ["ynet-consular-ties", "ynet-relations-since-1992"],
    },
    {
        "key": "netanyahu-visits-kazakhstan",
        "title": "Netanyahu visits Kazakhstan",
        "slug": "netanyahu-visits-kazakhstan-2016",
        "kind": "state-visit",
        "date": "2016-12",
        "place": ("", "KZ"),
        "countries": ["IL", "KZ"],
        "participants": [("netanyahu", "visitor"), ("nazarbayev", "host")],
        "summary": "Benjamin Netanyahu became the first Israeli leader to visit "
        "Kazakhstan, meeting President Nursultan Nazarbayev.",
        "body": "In December 2016 Prime Minister Benjamin Netanyahu became the "
        "**first Israeli leader to visit Kazakhstan**, where he met President "
        "Nursultan Nazarbayev.",
        "sources": ["ynet-netanyahu-visit", "ynet-visit-caption"],
    },
    {
        "key": "abraham-accords-signing",
        "title": "Abraham Accords signed at the White House",
        "slug": "abraham-accords-signing-2020",
        "kind": "signing",
        "date": "2020-09-15",
        "place": ("Washington", "US"),
        "countries": ["IL", "US", "AE", "BH"],
        "participants": [
            ("netanyahu", "signer"),
            ("trump", "signer"),
            ("al-zayani", "signer"),
            ("abdullah-bin-zayed", "signer"),
        ],
        "summary": "Israel, the United Arab Emirates and Bahrain signed the "
        "Abraham Accords at the White House, normalising relations between "
        "Israel and the two Gulf states.",
        "body": "At the White House in Washington on 15 September 2020, Prime "
        "Minister Benjamin Netanyahu, President Donald Trump, Bahraini Foreign "
        "Minister Abdullatif al-Zayani and Emirati Foreign Minister Sheikh "
        "Abdullah bin Zayed Al Nahyan signed the **Abraham Accords**, "
        "normalising relations between Israel and the two Gulf states.\n\n"
        "It was the accords' initial signing; Morocco and Sudan followed.",
        "sources": ["ynet-signing-caption", "ynet-initial-signing"],
    },
    {
        "key": "sudan-normalisation-announced",
        "title": "Sudan and Israel agree to normalise relations",
        "slug": "sudan-israel-normalisation-announced-2020",
        "kind": "announcement",
        "date": "2020-10-23",
        "countries": ["SD", "IL", "US"],
        "summary": "Israel and Sudan agreed to normalise relations, in an "
        "agreement brokered by the United States.",
        "body": "On 23 October 2020 Israel and Sudan agreed that they would "
        "**normalise relations**. Sudan signed the Abraham Accords Declaration "
        "in Khartoum on 6 January 2021.",
        "sources": ["wikipedia-sudan-announced"],
    },
    {
        "key": "morocco-normalisation-announced",
        "title": "Morocco and Israel agree to normalise relations",
        "slug": "morocco-israel-normalisation-announced-2020",
        "kind": "announcement",
        "date": "2020-12-10",
        "countries": ["MA", "IL", "US"],
        "summary": "The United States announced that Israel and Morocco had "
        "agreed to begin normalising relations.",
        "body": "On 10 December 2020 the United States government announced that "
        "Israel and Morocco had agreed to **begin normalising relations**; "
        "Morocco agreed to resume official contacts and establish diplomatic "
        "relations with Israel as soon as possible.",
        "sources": ["wikipedia-morocco-announced", "xinhua-morocco-dec-10"],
    },
    {
        "key": "morocco-us-israel-joint-declaration",
        "title": "Morocco, the United States and Israel sign a joint declaration",
        "slug": "morocco-us-israel-joint-declaration-2020",
        "kind": "signing",
        "date": "2020-12-22",
        "place": ("Rabat", "MA"),
        "countries": ["MA", "US", "IL"],
        "participants": [
            ("el-otmani", "signer"),
            ("kushner", "signer"),
            ("ben-shabbat", "signer"),
        ],
        "summary": "In Rabat, Morocco, the United States and Israel signed a "
        "joint declaration: Morocco and Israel agreed to immediately establish "
        "full diplomatic relations.",
        "body": "In Rabat on 22 December 2020 Prime Minister Saad Dine El Otmani "
        "of Morocco, Jared Kushner, Senior Advisor to President Trump, and "
        "Israeli National Security Advisor Meir Ben-Shabbat signed a **joint "
        "declaration** of Morocco, the United States and Israel.\n\n"
        "Morocco and Israel agreed to immediately resume full official contacts "
        "and establish full diplomatic relations, to open direct flights and to "
        "reopen liaison offices.",
        "sources": [
            "xinhua-morocco-signers",
            "xinhua-morocco-agreed",
            "wikipedia-morocco-declaration",
        ],
    },
    {
        "key": "sudan-signs-abraham-accords-declaration",
        "title": "Sudan signs the Abraham Accords Declaration",
        "slug": "sudan-signs-abraham-accords-declaration-2021",
        "kind": "signing",
        "date": "2021-01-06",
        "place": ("Khartoum", "SD"),
        "countries": ["SD", "US", "IL"],
        "participants": [("abdulbari", "signer"), ("mnuchin", "signer")],
        "summary": "Sudan signed the Abraham Accords with the United States in "
        "Khartoum, paving the way to normalise ties with Israel.",
        "body": "In Khartoum on 6 January 2021 Sudan's Justice Minister Nasredeen "
        "Abdulbari signed the **Abraham Accords Declaration** with visiting US "
        "Treasury Secretary Steven Mnuchin, paving the way for Sudan to "
        "normalise ties with Israel.",
        "sources": ["ap-sudan-signed", "ap-sudan-signers"],
    },
    {
        "key": "hamas-led-attack-on-israel",
        "title": "Hamas-led attack on Israel",
        "slug": "hamas-led-attack-on-israel-2023",
        "kind": "conflict",
        "date": "2023-10-07",
        "place": ("", "IL"),
        "countries": ["IL", "LB", "SY", "YE", "IR"],
        "summary": "The 7 October Hamas-led attack on Israel, followed by "
        "hostilities involving Iran-backed groups in Lebanon, Syria and Yemen: "
        "the heightened tensions in which the accords sought new members.",
        "body": "On 7 October 2023 Hamas and other Palestinian armed groups "
        "attacked southern Israel from the Gaza Strip. **Hostilities involving "
        "Iran-backed groups** in Lebanon, Syria and Yemen followed.\n\n"
        "Ynet describes a new signatory of the Abraham Accords as a significant "
        "development amid the regional tensions that followed.",
        "sources": ["ynet-october-7", "wikipedia-october-7-attacks"],
    },
    {
        "key": "reuters-report-accords-expansion",
        "title": "Reuters reports a US push to expand the Abraham Accords",
        "slug": "reuters-report-abraham-accords-expansion-2025",
        "kind": "report",
        "date": "2025-08",
        "countries": ["US", "IL", "AZ", "KZ", "UZ", "TM", "TJ", "KG"],
        "summary": "Reuters reported that Washington was pushing to bring "
        "countries such as Azerbaijan into the Abraham Accords, with early-stage "
        "consultations between Azerbaijan and neighbours including Kazakhstan.",
        "body": "A Reuters report in August 2025 revealed that Washington was "
        "pushing to bring additional countries, such as **Azerbaijan**, into the "
        "accords in symbolic moves intended to deepen regional cooperation.\n\n"
        "Early-stage consultations were said to be under way between Azerbaijan "
        "and neighbouring states, including **Kazakhstan**. Officials cited "
        "shared interests between Israel and Central Asian countries such as "
        "**Uzbekistan, Turkmenistan, Tajikistan and Kyrgyzstan** as a basis for "
        "expanding cooperation through the accords.",
        "sources": ["ynet-reuters-report", "ynet-consultations", "ynet-central-asia"],
    },
    {
        "key": "witkoff-new-country-to-join",
        "title": "Witkoff says a new country will join the Abraham Accords",
        "slug": "witkoff-new-country-to-join-2025",
        "kind": "statement",
        "date": "2025-11-06",
        "place": ("Florida", "US"),
        "countries": ["US"],
        "participants": [("witkoff", "speaker")],
        "summary": "At a business forum in Florida, Special Envoy Steve Witkoff "
        "said a new country was set to join the accords, without naming it.",
        "body": "Speaking at a business forum in Florida on 6 November 2025, US "
        "Special Envoy Steve Witkoff said **a new country was set to join the "
        "Abraham Accords** but declined to name it. He said he would return to "
        "Washington for the announcement that night.",
        "sources": ["ynet-witkoff"],
    },
    {
        "key": "tokayev-meets-rubio",
        "title": "Tokayev meets Rubio in Washington",
        "slug": "tokayev-meets-rubio-in-washington-2025",
        "kind": "meeting",
        "date": "2025-11-06",
        "place": ("Washington", "US"),
        "countries": ["KZ", "US"],
        "participants": [
            ("tokayev", "visitor"),
            ("rubio", "host"),
            ("lutnick", "member of the Trump administration"),
        ],
        "summary": "President Tokayev met Secretary of State Marco Rubio and other "
        "members of the Trump administration, stressing economic ties and "
        "political dialogue.",
        "body": "President Kassym-Jomart Tokayev met US Secretary of State Marco "
        "Rubio and other members of the Trump administration in Washington, as "
        "the official website of Kazakhstan's embassy in Israel reported.\n\n"
        "Tokayev stressed the strategic opportunities for **deepening economic "
        "ties** between Kazakhstan and the United States and reaffirmed "
        "Kazakhstan's commitment to **political dialogue at multiple levels**.",
        "sources": [
            "ynet-tokayev-rubio",
            "ynet-tokayev-economic-ties",
            "ynet-lutnick-caption",
        ],
    },
    {
        "key": "kazakhstan-to-join-announcement",
        "title": "Kazakhstan to join the Abraham Accords",
        "slug": "kazakhstan-to-join-abraham-accords-2025",
        "kind": "announcement",
        "date": "2025-11-06",
        "place": ("Washington", "US"),
        "countries": ["KZ", "US", "IL"],
        "participants": [("trump", "host"), ("tokayev", "visitor")],
        "summary": "Kazakhstan's joining the Abraham Accords was announced at a "
        "White House meeting between Presidents Trump and Tokayev, as a senior "
        "White House official had confirmed to Ynet.",
        "body": "A senior White House official confirmed to Ynet on Thursday 6 "
        "November 2025 that **Kazakhstan would join the Abraham Accords**, and "
        "that the announcement would take place during a meeting at the White "
        "House between President Donald Trump and President Kassym-Jomart "
        "Tokayev.\n\n"
        "Kazakhstan has had diplomatic relations with Israel since 1992: its "
        "joining is part of US efforts to expand the accords beyond Arab nations "
        "to Muslim-majority countries that already have relations with Israel.",
        "sources": [
            "ynet-kazakhstan-poised",
            "ynet-announcement-meeting",
            "ynet-expansion-beyond-arab-nations",
        ],
    },
]

STATUS_CHANGES = [
    {
        "key": "uae-signatory",
        "country": "AE",
        "status": "signatory",
        "date": "2020-09-15",
        "event": "abraham-accords-signing",
        "note": "Signed the Abraham Accords at the White House.",
        "sources": ["ynet-signing-caption", "ynet-current-signatories"],
    },
    {
        "key": "bahrain-signatory",
        "country": "BH",
        "status": "signatory",
        "date": "2020-09-15",
        "event": "abraham-accords-signing",
        "note": "Signed the Abraham Accords at the White House.",
        "sources": ["ynet-signing-caption", "ynet-current-signatories"],
    },
    {
        "key": "sudan-announced",
        "country": "SD",
        "status": "announced",
        "date": "2020-10-23",
        "event": "sudan-normalisation-announced",
        "note": "Agreed with Israel to normalise relations.",
        "sources": ["wikipedia-sudan-announced"],
    },
    {
        "key": "morocco-announced",
        "country": "MA",
        "status": "announced",
        "date": "2020-12-10",
        "event": "morocco-normalisation-announced",
        "note": "Agreed with Israel to begin normalising relations.",
        "sources": ["wikipedia-morocco-announced", "xinhua-morocco-dec-10"],
    },
    {
        "key": "morocco-signatory",
        "country": "MA",
        "status": "signatory",
        "date": "2020-12-22",
        "event": "morocco-us-israel-joint-declaration",
        "note": "Signed the joint declaration with the United States and Israel "
        "in Rabat.",
        "sources": ["xinhua-morocco-signers", "ynet-current-signatories"],
    },
    {
        "key": "sudan-signatory",
        "country": "SD",
        "status": "signatory",
        "date": "2021-01-06",
        "event": "sudan-signs-abraham-accords-declaration",
        "note": "Signed the Abraham Accords Declaration in Khartoum.",
        "sources": ["ap-sudan-signed", "ynet-current-signatories"],
    },
    {
        "key": "kazakhstan-candidate",
        "country": "KZ",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Reported in early-stage consultations with Azerbaijan about "
        "joining the accords.",
        "sources": ["ynet-consultations"],
    },
    {
        "key": "azerbaijan-candidate",
        "country": "AZ",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Reported as a country Washington was pushing to bring into the "
        "accords.",
        "sources": ["ynet-reuters-report", "ynet-consultations"],
    },
    {
        "key": "uzbekistan-candidate",
        "country": "UZ",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Named by officials as a basis for expanding the accords.",
        "sources": ["ynet-central-asia"],
    },
    {
        "key": "turkmenistan-candidate",
        "country": "TM",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Named by officials as a basis for expanding the accords.",
        "sources": ["ynet-central-asia"],
    },
    {
        "key": "tajikistan-candidate",
        "country": "TJ",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Named by officials as a basis for expanding the accords.",
        "sources": ["ynet-central-asia"],
    },
    {
        "key": "kyrgyzstan-candidate",
        "country": "KG",
        "status": "candidate",
        "date": "2025-08",
        "event": "reuters-report-accords-expansion",
        "note": "Named by officials as a basis for expanding the accords.",
        "sources": ["ynet-central-asia"],
    },
    {
        "key": "kazakhstan-announced",
        "country": "KZ",
        "status": "announced",
        "date": "2025-11-06",
        "event": "kazakhstan-to-join-announcement",
        "note": "Its joining the accords was announced at the White House.",
        "sources": ["ynet-kazakhstan-poised", "ynet-announcement-meeting"],
    },
]

# The article's three photos, in its order. The images themselves are
# placeholders load_seed draws; caption and credit are the article's, word for
# word; the alt text describes what the original photo shows.
PHOTOS = [
    {
        "key": "abraham-accords-signing-balcony",
        "event": "abraham-accords-signing",
        "order": 1,
        "caption": CITATIONS["ynet-signing-caption"][1],
        "credit": "Alex Brandon/AP",
        "alt_text": "Benjamin Netanyahu, Donald Trump, Abdullatif al-Zayani and "
        "Sheikh Abdullah bin Zayed Al Nahyan waving from the White House balcony "
        "after signing the Abraham Accords.",
        "officials": ["netanyahu", "trump", "al-zayani", "abdullah-bin-zayed"],
    },
    {
        "key": "netanyahu-meets-nazarbayev",
        "event": "netanyahu-visits-kazakhstan",
        "order": 2,
        "caption": CITATIONS["ynet-visit-caption"][1],
        "credit": "GPO",
        "alt_text": "Benjamin Netanyahu and Nursultan Nazarbayev at their meeting "
        "in 2016.",
        "officials": ["netanyahu", "nazarbayev"],
    },
    {
        "key": "lutnick-tokayev-rubio",
        "event": "tokayev-meets-rubio",
        "order": 3,
        "caption": CITATIONS["ynet-lutnick-caption"][1],
        "credit": "Kazakhstan Embassy in Israel",
        "alt_text": "Howard Lutnick, Kassym-Jomart Tokayev and Marco Rubio "
        "together during Tokayev's visit to Washington.",
        "officials": ["lutnick", "tokayev", "rubio"],
    },
]
