console.log('explore');
