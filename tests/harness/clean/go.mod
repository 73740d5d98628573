module fixtures.stepdist/clean

go 1.22
