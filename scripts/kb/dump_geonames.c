/* Dumps the city table embedded in Debian's libgeonames (GeoNames cities over 15,000 inhabitants,
 * CC BY 4.0 geonames.org) as TSV: name, state, country name, ISO alpha-2, latitude, longitude,
 * population, timezone. Used by scripts/kb/gen_places.py; see docs/formats/kb.md. */
#include <geonames.h>
#include <stdio.h>

int main(void) {
  gint n = geonames_get_n_cities();
  for (gint i = 0; i < n; ++i) {
    GeonamesCity *c = geonames_get_city(i);
    if (c == NULL) continue;
    printf("%s\t%s\t%s\t%s\t%.5f\t%.5f\t%u\t%s\n", geonames_city_get_name(c),
           geonames_city_get_state(c) ? geonames_city_get_state(c) : "",
           geonames_city_get_country(c) ? geonames_city_get_country(c) : "",
           geonames_city_get_country_code(c) ? geonames_city_get_country_code(c) : "",
           geonames_city_get_latitude(c), geonames_city_get_longitude(c),
           geonames_city_get_population(c),
           geonames_city_get_timezone(c) ? geonames_city_get_timezone(c) : "");
    geonames_city_free(c);
  }
  return 0;
}
