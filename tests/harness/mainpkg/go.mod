module fixtures.stepdist/mainpkg

go 1.22
