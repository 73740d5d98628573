module stepdist.test/replay

go 1.22
