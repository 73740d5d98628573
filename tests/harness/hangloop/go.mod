module fixtures.stepdist/hangloop

go 1.22
