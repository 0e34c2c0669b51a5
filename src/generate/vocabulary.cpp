#include "generate/vocabulary.h"

#include <array>

namespace sparkify::generate::vocabulary {
namespace {

using namespace std::string_view_literals;

constexpr std::array kFirstNames = {"Walter"sv, "Kaylee"sv, "Jacob"sv,  "Ava"sv,    "Zoé"sv,    "Jürgen"sv, "Chloé"sv,
                                    "Noah"sv,   "Lily"sv,   "Mateo"sv,  "Sofía"sv,  "Björn"sv,  "Amélie"sv, "Kenji"sv,
                                    "Yuki"sv,   "Aiden"sv,  "Emma"sv,   "Liam"sv,   "Olivia"sv, "Lucas"sv,  "Mia"sv,
                                    "Ethan"sv,  "Harper"sv, "Élodie"sv, "Søren"sv,  "Anaïs"sv,  "Rylan"sv,  "Tegan"sv,
                                    "Jayden"sv, "Layla"sv,  "Colm"sv,   "Maëlys"sv, "Dante"sv,  "Priya"sv,  "Hiro"sv};

constexpr std::array kLastNames = {"Frye"sv,      "Brooks"sv,  "Garcia"sv,    "Müller"sv,     "Núñez"sv,   "O'Brien"sv,
                                   "Smith"sv,     "Johnson"sv, "Lee"sv,       "Nakamura"sv,   "Dubois"sv,  "Kowalski"sv,
                                   "Øvergaard"sv, "Rossi"sv,   "Hernández"sv, "Nguyen"sv,     "Patel"sv,   "Schmidt"sv,
                                   "Young"sv,     "Cruz"sv,    "Bjørnstad"sv, "Fitzgerald"sv, "Leclère"sv, "Watanabe"sv,
                                   "Castillo"sv,  "Okafor"sv,  "Haddad"sv,    "Lindqvist"sv,  "Moreau"sv,  "Kim"sv};

constexpr std::array kUserLocations = {"Memphis, TN-MS-AR"sv,
                                       "San Francisco-Oakland-Hayward, CA"sv,
                                       "New York-Newark-Jersey City, NY-NJ-PA"sv,
                                       "Atlanta-Sandy Springs-Roswell, GA"sv,
                                       "Chicago-Naperville-Elgin, IL-IN-WI"sv,
                                       "Houston-The Woodlands-Sugar Land, TX"sv,
                                       "Portland-South Portland, ME"sv,
                                       "Phoenix-Mesa-Scottsdale, AZ"sv,
                                       "Tampa-St. Petersburg-Clearwater, FL"sv,
                                       "Lansing-East Lansing, MI"sv,
                                       "Birmingham-Hoover, AL"sv,
                                       "Salinas, CA"sv,
                                       "Red Bluff, CA"sv,
                                       "Janesville-Beloit, WI"sv,
                                       "Winston-Salem, NC"sv,
                                       "Seattle-Tacoma-Bellevue, WA"sv,
                                       "Santa Maria-Santa Barbara, CA"sv,
                                       "Columbia, SC"sv};

constexpr std::array kUserAgents = {
    R"("Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36")"sv,
    R"("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36")"sv,
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0"sv,
    "Mozilla/5.0 (Windows NT 6.1; rv:31.0) Gecko/20100101 Firefox/31.0"sv,
    "Mozilla/5.0 (Windows NT 6.3; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0"sv,
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0"sv,
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"sv,
    R"("Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.103 Safari/537.36")"sv};

constexpr std::array kArtistPlaces = {
    Place{"Memphis, TN"sv, 35.14968, -90.04892},        Place{"London, England"sv, 51.50632, -0.12714},
    Place{"Paris, France"sv, 48.85692, 2.34121},        Place{"Tokyo, Japan 日本"sv, 35.68950, 139.69171},
    Place{"Hamburg, Germany"sv, 53.55108, 9.99368},     Place{"Montréal, Québec"sv, 45.50889, -73.56167},
    Place{"Nashville, TN"sv, 36.16778, -86.77836},      Place{"Los Angeles, CA"sv, 34.05349, -118.24532},
    Place{"Reykjavík, Iceland"sv, 64.13548, -21.89541}, Place{"São Paulo, Brazil"sv, -23.5475, -46.63611},
    Place{"Detroit, MI"sv, 42.33168, -83.04792},        Place{"Kingston, Jamaica"sv, 17.99702, -76.79358},
    Place{"Stockholm, Sweden"sv, 59.33258, 18.0649},    Place{"Austin, TX"sv, 30.26759, -97.74299},
    Place{"Lagos, Nigeria"sv, 6.45306, 3.39583}};

constexpr std::array kVaguePlaces = {"California - LA"sv,           "Brooklyn"sv, "Scandinavia"sv, "The Netherlands"sv,
                                     "Somewhere on the \"Road\""sv, "Ürümqi"sv};

constexpr std::array kTitleWords = {"Midnight"sv, "Electric"sv, "Velvet"sv,  "River"sv,   "Neon"sv,      "Summer"sv,
                                    "Broken"sv,   "Golden"sv,   "Silent"sv,  "Paper"sv,   "Heart"sv,     "Train"sv,
                                    "Echo"sv,     "Dreams"sv,   "Fire"sv,    "Rain"sv,    "Highway"sv,   "Ghost"sv,
                                    "Crystal"sv,  "Ocean"sv,    "Lonely"sv,  "Dancing"sv, "Satellite"sv, "Home"sv,
                                    "Wild"sv,     "Blue"sv,     "Shadows"sv, "Tonight"sv, "Forever"sv,   "Running"sv,
                                    "Sugar"sv,    "Thunder"sv,  "Mirror"sv,  "Falling"sv, "City"sv,      "Lights"sv};

constexpr std::array kExoticTitleWords = {"Café"sv,    "Über"sv,    "Señorita"sv, "Naïve"sv, "日本の夜"sv, "🎸"sv,
                                          "Königin"sv, "Fiancée"sv, "Déjà Vu"sv,  "東京"sv,  "🌙"sv,        "Ça Va"sv};

constexpr std::array kArtistWords = {"Velvet"sv, "Harbor"sv, "Copper"sv, "Lantern"sv, "Meadow"sv, "Static"sv,
                                     "Orchid"sv, "Cobalt"sv, "Ember"sv,  "Juniper"sv, "Falcon"sv, "Marble"sv,
                                     "Nomad"sv,  "Prism"sv,  "Raven"sv,  "Saffron"sv, "Tundra"sv, "Willow"sv,
                                     "Crème"sv,  "Mötley"sv, "Zéphyr"sv, "Björk"sv,   "桜"sv,     "Aurora"sv};

constexpr std::array kArtistSuffixes = {""sv,
                                        " Band"sv,
                                        " Collective"sv,
                                        " Trio"sv,
                                        " & The Ghosts"sv,
                                        " Orchestra"sv,
                                        " feat. \"Big\" Lou"sv,
                                        " / Kid Static"sv,
                                        " Quartet"sv,
                                        " Sound System"sv};

constexpr std::array kOutsideArtists = {"Coldwave Parade"sv,   "Kings of Tuesday"sv, "Dani Ocasio"sv,
                                        "The Paper Moons"sv,   "Señor Bongo"sv,      "Florence Oak"sv,
                                        "Muse Machine"sv,      "Daft Robots"sv,      "Björn Again"sv,
                                        "The \"Real\" Deal"sv, "DJ 東京"sv,          "Marmalade Sky"sv};

}  // namespace

std::span<const std::string_view> first_names() { return kFirstNames; }
std::span<const std::string_view> last_names() { return kLastNames; }
std::span<const std::string_view> user_locations() { return kUserLocations; }
std::span<const std::string_view> user_agents() { return kUserAgents; }
std::span<const Place> artist_places() { return kArtistPlaces; }
std::span<const std::string_view> vague_places() { return kVaguePlaces; }
std::span<const std::string_view> title_words() { return kTitleWords; }
std::span<const std::string_view> exotic_title_words() { return kExoticTitleWords; }
std::span<const std::string_view> artist_words() { return kArtistWords; }
std::span<const std::string_view> artist_suffixes() { return kArtistSuffixes; }
std::span<const std::string_view> outside_artists() { return kOutsideArtists; }

}  // namespace sparkify::generate::vocabulary
