"""Real municipalities of two wellbeing services counties, for generated demo counties.

Codes are Statistics Finland's municipality codes; postal codes are those of
each municipality's centre. Teams are formed from consecutive groups.
"""

REGIONS = {
    "pohjois-savo": {
        "county": "Pohjois-Savon hyvinvointialue",
        "teams": [
            ("Kuopion tiimi", [("297", "Kuopio", "Kuopio", "70100")]),
            (
                "Pohjoisen alueen tiimi",
                [
                    ("140", "Iisalmi", "Idensalmi", "74100"),
                    ("749", "Siilinjärvi", "Siilinjärvi", "71800"),
                    ("402", "Lapinlahti", "Lapinlahti", "73100"),
                    ("263", "Kiuruvesi", "Kiuruvesi", "74700"),
                    ("762", "Sonkajärvi", "Sonkajärvi", "74300"),
                    ("925", "Vieremä", "Vieremä", "74200"),
                    ("595", "Pielavesi", "Pielavesi", "72400"),
                    ("239", "Keitele", "Keitele", "72600"),
                    ("686", "Rautavaara", "Rautavaara", "73900"),
                    ("204", "Kaavi", "Kaavi", "73600"),
                    ("844", "Tervo", "Tervo", "72210"),
                    ("921", "Vesanto", "Vesanto", "72300"),
                ],
            ),
            (
                "Eteläisen alueen tiimi",
                [
                    ("915", "Varkaus", "Varkaus", "78200"),
                    ("420", "Leppävirta", "Leppävirta", "79100"),
                    ("778", "Suonenjoki", "Suonenjoki", "77600"),
                    ("687", "Rautalampi", "Rautalampi", "77700"),
                    ("171", "Joroinen", "Jorois", "79600"),
                    ("857", "Tuusniemi", "Tuusniemi", "73200"),
                ],
            ),
        ],
    },
    "etela-pohjanmaa": {
        "county": "Etelä-Pohjanmaan hyvinvointialue",
        "teams": [
            ("Seinäjoen tiimi", [("743", "Seinäjoki", "Seinäjoki", "60100")]),
            (
                "Suupohjan ja Kuusiokuntien tiimi",
                [
                    ("301", "Kurikka", "Kurikka", "61300"),
                    ("010", "Alavus", "Alavus", "63300"),
                    ("989", "Ähtäri", "Etseri", "63700"),
                    ("287", "Kuortane", "Kuortane", "63100"),
                    ("232", "Kauhajoki", "Kauhajoki", "61800"),
                    ("759", "Soini", "Soini", "63800"),
                ],
            ),
            (
                "Järviseudun ja Lakeuden tiimi",
                [
                    ("005", "Alajärvi", "Alajärvi", "62900"),
                    ("233", "Kauhava", "Kauhava", "62200"),
                    ("408", "Lapua", "Lappo", "62100"),
                ],
            ),
        ],
    },
}
