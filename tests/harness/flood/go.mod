module fixtures.stepdist/flood

go 1.22
