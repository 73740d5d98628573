module stepdist.test/goprogs

go 1.23
